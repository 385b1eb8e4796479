package dev.sharedcontext.core.tokens.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A byte-pair encoding's mergeable ranks, and the count of tokens BPE makes of a pre-token: the
 * merge of tiktoken (github.com/openai/tiktoken, {@code _byte_pair_merge}), counting the parts
 * that are left rather than listing them. Immutable and thread-safe once loaded.
 *
 * <p>The ranks are kept in one open-addressing table over one pool of bytes (5 MB for
 * o200k_base, where jtokkit's maps of it take 28 MB), and looked up by a range of the caller's
 * array, so no pair or part is copied out to be looked up.
 */
final class BpeRanks {
  /** Pre-tokens up to this many bytes are merged by scanning all pairs each step (quadratic, and fastest when short). */
  static final int SMALL_PIECE = 128;
  private static final int NONE = Integer.MAX_VALUE;

  private final byte[] pool;
  private final int[] starts; // token i's bytes: pool[starts[i] .. starts[i + 1])
  private final int[] ranks;
  private final int[] slots; // token index + 1, 0 for empty
  private final int mask;

  private BpeRanks(byte[] pool, int[] starts, int[] ranks) {
    this.pool = pool;
    this.starts = starts;
    this.ranks = ranks;
    int tokens = ranks.length;
    int capacity = Integer.highestOneBit(Math.max(4, tokens * 2 - 1)) << 1;
    this.slots = new int[capacity];
    this.mask = capacity - 1;
    for (int i = 0; i < tokens; i++) {
      int slot = hash(pool, starts[i], starts[i + 1]) & mask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = i + 1;
    }
  }

  /**
   * Reads a {@code .tiktoken} file: one token a line, its bytes in base64, a space, its rank.
   *
   * <p>The file is parsed as bytes, each token decoded straight into the pool: it is read once
   * per JVM, on the way to a server's first answer, mostly before the JIT compiles anything, and
   * reading it as lines of text and decoding each with {@link java.util.Base64} (a string, a
   * substring and an array for each of 200,000 lines) took twice as long there.
   *
   * @throws IllegalStateException if the file is missing or malformed, or lacks a single byte
   *     (every byte is a token in the encodings counted here, which the count relies on)
   */
  static BpeRanks load(Class<?> owner, String resource) {
    byte[] file;
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no " + resource + " beside " + owner.getName());
      }
      file = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource + " failed", e);
    }
    return parse(file, resource);
  }

  /** The ranks in {@code file}, the bytes of a {@code .tiktoken} file named {@code resource}. */
  static BpeRanks parse(byte[] file, String resource) {
    byte[] pool = new byte[file.length]; // base64 takes 4 characters for 3 bytes: the tokens fit
    int[] starts = new int[1 << 18];
    int[] ranks = new int[1 << 18];
    int size = 0;
    int used = 0;
    for (int line = 0; line < file.length; ) {
      int next = line;
      while (next < file.length && file[next] != '\n') {
        next++;
      }
      int end = next > line && file[next - 1] == '\r' ? next - 1 : next;
      if (end > line) {
        int space = line;
        while (space < end && file[space] != ' ') {
          space++;
        }
        int length = space == line || space == end ? -1 : decodeBase64(file, line, space, pool, used);
        int rank = length < 0 ? -1 : parseRank(file, space + 1, end);
        if (rank < 0) {
          throw new IllegalStateException("not a token line in " + resource + ": "
              + new String(file, line, end - line, StandardCharsets.ISO_8859_1));
        }
        if (size + 1 >= starts.length) {
          starts = Arrays.copyOf(starts, starts.length * 2);
          ranks = Arrays.copyOf(ranks, ranks.length * 2);
        }
        starts[size] = used;
        ranks[size] = rank;
        used += length;
        size++;
      }
      line = next + 1;
    }
    starts[size] = used;
    BpeRanks table = new BpeRanks(Arrays.copyOf(pool, used), Arrays.copyOf(starts, size + 1), Arrays.copyOf(ranks, size));
    byte[] one = new byte[1];
    for (int b = 0; b < 256; b++) {
      one[0] = (byte) b;
      if (table.rank(one, 0, 1) == NONE) {
        throw new IllegalStateException(resource + " has no token for the byte " + b);
      }
    }
    return table;
  }

  private static final byte[] BASE64 = new byte[128];

  static {
    Arrays.fill(BASE64, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      BASE64[alphabet.charAt(i)] = (byte) i;
    }
  }

  /**
   * Decodes padded base64 (RFC 4648, section 4) from {@code in[from, to)} into {@code out} at
   * {@code at}; the number of bytes, or -1 if it is not that.
   */
  static int decodeBase64(byte[] in, int from, int to, byte[] out, int at) {
    if ((to - from) % 4 != 0) {
      return -1;
    }
    int n = at;
    for (int i = from; i < to; i += 4) {
      boolean last = i + 4 == to;
      int pad = last && in[i + 3] == '=' ? (in[i + 2] == '=' ? 2 : 1) : 0;
      int bits = 0;
      for (int j = 0; j < 4 - pad; j++) {
        byte c = in[i + j];
        int v = c < 0 ? -1 : BASE64[c];
        if (v < 0) {
          return -1;
        }
        bits |= v << (18 - 6 * j);
      }
      out[n++] = (byte) (bits >> 16);
      if (pad < 2) {
        out[n++] = (byte) (bits >> 8);
      }
      if (pad < 1) {
        out[n++] = (byte) bits;
      }
    }
    return n - at;
  }

  /** The decimal number in {@code in[from, to)}, or -1 if it is not one. */
  private static int parseRank(byte[] in, int from, int to) {
    if (from >= to || to - from > 9) {
      return -1;
    }
    int rank = 0;
    for (int i = from; i < to; i++) {
      int d = in[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      rank = rank * 10 + d;
    }
    return rank;
  }

  /** How many tokens BPE makes of {@code bytes[from, to)}, one pre-token. */
  int count(byte[] bytes, int from, int to) {
    int n = to - from;
    if (n <= 1 || rank(bytes, from, to) != NONE) {
      return n <= 0 ? 0 : 1;
    }
    return n <= SMALL_PIECE ? mergeByScan(bytes, from, n) : mergeByHeap(bytes, from, n);
  }

  /** The rank of {@code bytes[from, to)} as one token, or {@link #NONE}. */
  int rank(byte[] bytes, int from, int to) {
    int slot = hash(bytes, from, to) & mask;
    int length = to - from;
    while (true) {
      int entry = slots[slot];
      if (entry == 0) {
        return NONE;
      }
      int i = entry - 1;
      int start = starts[i];
      if (starts[i + 1] - start == length && Arrays.equals(pool, start, start + length, bytes, from, to)) {
        return ranks[i];
      }
      slot = (slot + 1) & mask;
    }
  }

  private static int hash(byte[] bytes, int from, int to) {
    int h = 0x811c9dc5;
    for (int i = from; i < to; i++) {
      h = (h ^ (bytes[i] & 0xff)) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }

  /**
   * Merges the adjacent pair of lowest rank (the leftmost of equals) until no pair is a token, by
   * scanning every pair each time. Part {@code k} is {@code bytes[from + starts[k], from + starts[k + 1])}.
   */
  private int mergeByScan(byte[] bytes, int from, int n) {
    int[] starts = new int[n + 1];
    int[] pairs = new int[n];
    for (int i = 0; i <= n; i++) {
      starts[i] = i;
    }
    for (int i = 0; i + 1 < n; i++) {
      pairs[i] = rank(bytes, from + i, from + i + 2);
    }
    int parts = n;
    while (parts > 1) {
      int best = 0;
      for (int i = 1; i + 1 < parts; i++) {
        if (pairs[i] < pairs[best]) {
          best = i;
        }
      }
      if (pairs[best] == NONE) {
        break;
      }
      // Part best takes in part best + 1.
      System.arraycopy(starts, best + 2, starts, best + 1, parts - best - 1);
      System.arraycopy(pairs, best + 2, pairs, best + 1, Math.max(0, parts - best - 3));
      parts--;
      if (best + 1 < parts) {
        pairs[best] = rank(bytes, from + starts[best], from + starts[best + 2]);
      }
      if (best > 0) {
        pairs[best - 1] = rank(bytes, from + starts[best - 1], from + starts[best + 1]);
      }
    }
    return parts;
  }

  /**
   * The same merge for long pre-tokens in n log n: the parts as a linked list, the pairs in a heap
   * ordered by rank, then place (so the leftmost of equal ranks comes first, as in the scan); an
   * entry whose pair has changed since is skipped when it comes up. A rank belongs to one byte
   * string, so a pair whose rank is unchanged is the same pair.
   */
  private int mergeByHeap(byte[] bytes, int from, int n) {
    int[] next = new int[n]; // the start of the part after the part starting at i (n: none)
    int[] prev = new int[n];
    int[] pair = new int[n]; // the rank of the pair starting at part i, NONE if none
    boolean[] merged = new boolean[n]; // i is no longer a part's start
    LongHeap heap = new LongHeap(n);
    for (int i = 0; i < n; i++) {
      next[i] = i + 1;
      prev[i] = i - 1;
      pair[i] = i + 1 < n ? rank(bytes, from + i, from + i + 2) : NONE;
      if (pair[i] != NONE) {
        heap.add(((long) pair[i] << 32) | i);
      }
    }
    int parts = n;
    while (!heap.isEmpty()) {
      long top = heap.poll();
      int i = (int) top;
      int rank = (int) (top >>> 32);
      if (merged[i] || pair[i] != rank) {
        continue; // stale
      }
      int gone = next[i];
      merged[gone] = true;
      next[i] = next[gone];
      if (next[i] < n) {
        prev[next[i]] = i;
      }
      parts--;
      pair[i] = next[i] < n ? rank(bytes, from + i, from + (next[next[i]] < n ? next[next[i]] : n)) : NONE;
      if (pair[i] != NONE) {
        heap.add(((long) pair[i] << 32) | i);
      }
      int p = prev[i];
      if (p >= 0) {
        pair[p] = rank(bytes, from + p, from + next[i]);
        if (pair[p] != NONE) {
          heap.add(((long) pair[p] << 32) | p);
        }
      }
    }
    return parts;
  }

  /** A binary min-heap of longs. */
  private static final class LongHeap {
    private long[] items;
    private int size;

    LongHeap(int capacity) {
      items = new long[Math.max(capacity, 4)];
    }

    boolean isEmpty() {
      return size == 0;
    }

    void add(long v) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (items[parent] <= v) {
          break;
        }
        items[i] = items[parent];
        i = parent;
      }
      items[i] = v;
    }

    long poll() {
      long top = items[0];
      long last = items[--size];
      int i = 0;
      while (true) {
        int child = 2 * i + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && items[child + 1] < items[child]) {
          child++;
        }
        if (items[child] >= last) {
          break;
        }
        items[i] = items[child];
        i = child;
      }
      items[i] = last;
      return top;
    }
  }
}
