package dev.sharedcontext.client.internal.ws;

import static dev.sharedcontext.client.internal.ws.ServerFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sharedcontext.core.LimitExceededException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection against a scripted server on a loopback socket: the handshake, then raw frames. */
class WebSocketConnectionTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ServerSocket listener;
  private final Recorder recorder = new Recorder();
  private Socket accepted;
  private InputStream serverIn;
  private OutputStream serverOut;
  private String request;
  private WebSocketConnection connection;

  WebSocketConnectionTest() throws IOException {
    listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void close() throws IOException {
    if (connection != null) {
      connection.abort();
    }
    if (accepted != null) {
      accepted.close();
    }
    listener.close();
  }

  /** What the connection reported, in order. */
  static final class Recorder implements WebSocketListener {
    final List<String> texts = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> opened = new CompletableFuture<>();
    final CompletableFuture<Object> ended = new CompletableFuture<>();

    @Override
    public void onOpen(WebSocketConnection c) {
      opened.complete(null);
      c.request();
    }

    @Override
    public void onText(WebSocketConnection c, String text) {
      texts.add(text);
      c.request();
    }

    @Override
    public void onClose(WebSocketConnection c, int status, String reason) {
      ended.complete(status + " " + reason);
    }

    @Override
    public void onError(WebSocketConnection c, Throwable error) {
      ended.complete(error);
    }
  }

  private void open(boolean offer, String extensionsAnswer) throws Exception {
    open(offer, extensionsAnswer, recorder);
  }

  private void open(boolean offer, String extensionsAnswer, WebSocketListener l) throws Exception {
    connection = WebSocketConnection.open(URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/s?x=1"),
        new WebSocketConfig(Duration.ofSeconds(5), "tok", 1 << 20, offer, "test-ws"), l);
    accepted = listener.accept();
    serverIn = new BufferedInputStream(accepted.getInputStream());
    serverOut = accepted.getOutputStream();
    request = readHead(serverIn);
    String key = request.lines().filter(h -> h.startsWith("Sec-WebSocket-Key: ")).findFirst().orElseThrow()
        .substring("Sec-WebSocket-Key: ".length());
    assertThat(Base64Len.decoded(key)).as("a random 16-byte key").isEqualTo(16);
    String answer = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + Handshake.accept(key) + "\r\n"
        + (extensionsAnswer == null ? "" : "Sec-WebSocket-Extensions: " + extensionsAnswer + "\r\n") + "\r\n";
    serverOut.write(answer.getBytes(StandardCharsets.ISO_8859_1));
    serverOut.flush();
  }

  private static final class Base64Len {
    static int decoded(String key) {
      return java.util.Base64.getDecoder().decode(key).length;
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      head.write(b);
      byte[] h = head.toByteArray();
      if (h.length >= 4 && new String(h, h.length - 4, 4, StandardCharsets.ISO_8859_1).equals("\r\n\r\n")) {
        return new String(h, StandardCharsets.ISO_8859_1);
      }
    }
  }

  private void send(byte[]... frames) throws IOException {
    for (byte[] f : frames) {
      serverOut.write(f);
    }
    serverOut.flush();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private Object ended() throws Exception {
    return recorder.ended.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private void assertFailedWith(Class<? extends Throwable> type, int closeCode) throws Exception {
    assertThat(ended()).isInstanceOf(type);
    ServerFrames.ClientFrame close = ServerFrames.read(serverIn);
    assertThat(close.opcode()).isEqualTo(Frame.OP_CLOSE);
    assertThat(close.closeCode()).isEqualTo(closeCode);
  }

  @Test
  void fragmentedCompressedMessagesWithAPingBetweenFragmentsAreInflatedInOrder() throws Exception {
    open(true, "permessage-deflate; client_max_window_bits=15");
    assertThat(request).contains("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n",
        "Authorization: Bearer tok\r\n", "GET /s?x=1 HTTP/1.1\r\n");
    recorder.opened.get(10, TimeUnit.SECONDS);
    assertThat(connection.isCompressed()).isTrue();
    assertThat(connection.extensions()).isEqualTo("permessage-deflate; client_max_window_bits=15");

    Deflater deflater = new Deflater(6, true);
    String first = "{\"type\":\"context_update\",\"value\":\"" + "é".repeat(300) + "\"}";
    byte[] c1 = ServerFrames.deflate(deflater, utf8(first));
    byte[] c2 = ServerFrames.deflate(deflater, utf8(first.replace("update", "snapshot")));
    int half = c1.length / 2;
    send(frame(false, true, Frame.OP_TEXT, Arrays.copyOf(c1, half)),
        frame(Frame.OP_PING, utf8("are you there")),
        frame(true, false, Frame.OP_CONTINUATION, Arrays.copyOfRange(c1, half, c1.length)),
        frame(true, true, Frame.OP_TEXT, c2),
        frame(Frame.OP_TEXT, utf8("plain")));
    ServerFrames.ClientFrame pong = ServerFrames.read(serverIn);
    assertThat(pong.opcode()).isEqualTo(Frame.OP_PONG);
    assertThat(pong.mask()).isNotNull();
    assertThat(new String(pong.payload(), StandardCharsets.UTF_8)).isEqualTo("are you there");
    await().atMost(WAIT).until(() -> recorder.texts.size() == 3);
    assertThat(recorder.texts).containsExactly(first, first.replace("update", "snapshot"), "plain");

    send(frame(Frame.OP_CLOSE, new byte[] {0x03, (byte) 0xe8, 'b', 'y', 'e'}));
    assertThat(ended()).isEqualTo("1000 bye");
    ServerFrames.ClientFrame echo = ServerFrames.read(serverIn);
    assertThat(echo.opcode()).isEqualTo(Frame.OP_CLOSE);
    assertThat(echo.closeCode()).isEqualTo(1000);
  }

  @Test
  void nothingIsReadUntilTheOwnerAsks() throws Exception {
    List<String> texts = new CopyOnWriteArrayList<>();
    CompletableFuture<WebSocketConnection> opened = new CompletableFuture<>();
    open(false, null, new WebSocketListener() {
      @Override
      public void onOpen(WebSocketConnection c) {
        opened.complete(c);
      }

      @Override
      public void onText(WebSocketConnection c, String text) {
        texts.add(text);
      }

      @Override
      public void onClose(WebSocketConnection c, int status, String reason) {}

      @Override
      public void onError(WebSocketConnection c, Throwable error) {}
    });
    WebSocketConnection c = opened.get(10, TimeUnit.SECONDS);
    send(frame(Frame.OP_TEXT, utf8("one")), frame(Frame.OP_BINARY, new byte[3]), frame(Frame.OP_TEXT, utf8("two")));
    await().during(Duration.ofMillis(300)).atMost(WAIT).until(texts::isEmpty);
    c.request();
    await().atMost(WAIT).until(() -> texts.size() == 1);
    await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> texts.size() == 1);
    c.request(); // the binary message is skipped without using up the demand
    await().atMost(WAIT).until(() -> texts.size() == 2);
    assertThat(texts).containsExactly("one", "two");
  }

  @Test
  void rsv1OnAContinuationFrameIsAProtocolError() throws Exception {
    open(true, "permessage-deflate");
    send(frame(false, false, Frame.OP_TEXT, utf8("a")), frame(true, true, Frame.OP_CONTINUATION, utf8("b")));
    assertFailedWith(WebSocketProtocolException.class, 1002);
    assertThat((Throwable) ended()).hasMessageContaining("continuation");
  }

  @Test
  void rsv1WithoutNegotiationIsAProtocolError() throws Exception {
    open(false, null);
    send(frame(true, true, Frame.OP_TEXT, utf8("a")));
    assertFailedWith(WebSocketProtocolException.class, 1002);
  }

  @Test
  void aMaskedFrameFromTheServerIsAProtocolError() throws Exception {
    open(false, null);
    send(new byte[] {(byte) 0x81, (byte) 0x81, 1, 2, 3, 4, 'a'});
    assertFailedWith(WebSocketProtocolException.class, 1002);
  }

  @Test
  void invalidUtf8IsClosedWith1007() throws Exception {
    open(false, null);
    send(frame(Frame.OP_TEXT, new byte[] {'a', (byte) 0xc3}));
    assertFailedWith(WebSocketProtocolException.class, 1007);
  }

  @Test
  void aBombEndsWithTheLimitAnd1009() throws Exception {
    open(true, "permessage-deflate; server_no_context_takeover");
    byte[] bomb = ServerFrames.deflate(new Deflater(9, true), new byte[8 << 20]);
    send(frame(true, true, Frame.OP_TEXT, bomb));
    assertFailedWith(LimitExceededException.class, 1009);
  }

  @Test
  void aFrameAnnouncedPastTheLimitFailsBeforeItsPayloadArrives() throws Exception {
    open(false, null);
    send(new byte[] {(byte) 0x81, 127, 0, 0, 0, 0, 0x01, 0, 0, 0}); // 16 MiB announced, none sent
    assertFailedWith(LimitExceededException.class, 1009);
  }

  @Test
  void anExtensionNotOfferedFailsTheConnection() throws Exception {
    open(false, "permessage-deflate");
    assertThat(ended()).isInstanceOf(WebSocketProtocolException.class);
    assertThat(recorder.opened).isNotDone();
  }

  @Test
  void aRefusedUpgradeCarriesStatusAndBody() throws Exception {
    connection = WebSocketConnection.open(URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/s"),
        new WebSocketConfig(Duration.ofSeconds(5), null, 1 << 20, true, "test-ws"), recorder);
    accepted = listener.accept();
    readHead(new BufferedInputStream(accepted.getInputStream()));
    String body = "{\"error\":\"slow down\",\"code\":\"LIMIT_EXCEEDED\",\"limit\":3}";
    accepted.getOutputStream().write(("HTTP/1.1 429 Too Many Requests\r\nContent-Length: " + body.length()
        + "\r\nConnection: keep-alive\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
    assertThat(ended()).isInstanceOfSatisfying(UpgradeRejectedException.class, e -> {
      assertThat(e.status()).isEqualTo(429);
      assertThat(new String(e.body(), StandardCharsets.UTF_8)).isEqualTo(body);
    });
  }

  @Test
  void aSilentServerTimesOutTheHandshake() throws Exception {
    connection = WebSocketConnection.open(URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/s"),
        new WebSocketConfig(Duration.ofMillis(200), null, 1 << 20, true, "test-ws"), recorder);
    accepted = listener.accept();
    assertThat(ended()).isInstanceOf(java.net.SocketTimeoutException.class);
  }

  @Test
  void abortClosesTheSocketAtOnceAndReportsNothing() throws Exception {
    open(false, null);
    recorder.opened.get(10, TimeUnit.SECONDS);
    connection.abort();
    connection.abort();
    assertThat(serverIn.read()).as("the socket is closed").isEqualTo(-1);
    await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> !recorder.ended.isDone());
  }
}
