// The metrics stream: Server-Sent Events read with fetch rather than EventSource, because an
// EventSource cannot send an Authorization header and the token must never go into the URL.
// Reconnects with a capped backoff and notices a stream that went silent.

const BACKOFF_MS = [1000, 2000, 4000, 5000];

export class MetricsStream {
  /**
   * @param {string} url the stream's path
   * @param {{token: () => string|null, onEvent: (name: string, data: any) => void,
   *          onState: (state: string, detail?: any) => void}} handlers
   *   states: 'connecting', 'live', 'retrying' (detail {at, attempt, reason}), 'unauthorized'
   *   (detail {status, message})
   */
  constructor(url, handlers) {
    this.url = url;
    this.handlers = handlers;
    this.attempt = 0;
    this.intervalMs = 1000;
    this.controller = null;
    this.retryTimer = null;
    this.watchdog = null;
    this.generation = 0;
  }

  /** Connects now, dropping any connection or pending retry. */
  connect() {
    this.stop();
    const generation = ++this.generation;
    this.handlers.onState('connecting');
    this.run(generation).catch(() => this.retry(generation, 'the connection failed'));
  }

  /** Disconnects and stays disconnected. */
  stop() {
    this.generation++;
    clearTimeout(this.retryTimer);
    clearTimeout(this.watchdog);
    if (this.controller) this.controller.abort();
    this.controller = null;
  }

  async run(generation) {
    const controller = new AbortController();
    this.controller = controller;
    const headers = { Accept: 'text/event-stream' };
    const token = this.handlers.token();
    if (token) headers.Authorization = 'Bearer ' + token;
    const response = await fetch(this.url, { headers, cache: 'no-store', signal: controller.signal });
    if (generation !== this.generation) return;
    if (response.status === 401 || response.status === 403) {
      const body = await response.json().catch(() => ({}));
      this.stop();
      this.handlers.onState('unauthorized', { status: response.status, message: body.error || '' });
      return;
    }
    if (!response.ok || !response.body) {
      this.retry(generation, `the server answered ${response.status}`);
      return;
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let live = false;
    this.arm(generation);
    for (;;) {
      const { value, done } = await reader.read();
      if (generation !== this.generation) return;
      if (done) break;
      this.arm(generation);
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = parse(block);
        if (!event) continue;
        if (event.name === 'hello') this.intervalMs = event.data.intervalMillis || 1000;
        if (!live) {
          live = true;
          this.attempt = 0;
          this.handlers.onState('live');
        }
        this.handlers.onEvent(event.name, event.data);
      }
    }
    this.retry(generation, 'the server ended the stream');
  }

  /** A stream with no event for three intervals (at least 5 s) is dead, even if TCP says otherwise. */
  arm(generation) {
    clearTimeout(this.watchdog);
    const limit = Math.max(5000, 3 * this.intervalMs);
    this.watchdog = setTimeout(() => {
      if (generation === this.generation) this.retry(generation, 'no figures for ' + Math.round(limit / 1000) + ' s');
    }, limit);
  }

  retry(generation, reason) {
    if (generation !== this.generation) return;
    this.stop();
    const next = ++this.generation;
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    this.attempt++;
    this.handlers.onState('retrying', { at: Date.now() + delay, attempt: this.attempt, reason });
    this.retryTimer = setTimeout(() => {
      if (next !== this.generation) return;
      this.handlers.onState('connecting');
      this.run(next).catch(() => this.retry(next, 'the server cannot be reached'));
    }, delay);
  }
}

/** One SSE block: its event name and its data, parsed as JSON; null for a comment or retry-only block. */
function parse(block) {
  let name = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) name = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (data.length === 0) return null;
  try {
    return { name, data: JSON.parse(data.join('\n')) };
  } catch {
    return null;
  }
}
