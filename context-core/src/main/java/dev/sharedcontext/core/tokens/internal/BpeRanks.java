package dev.sharedcontext.core.tokens.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

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
   * @throws IllegalStateException if the file is missing or malformed, or lacks a single byte
   *     (every byte is a token in the encodings counted here, which the count relies on)
   */
  static BpeRanks load(Class<?> owner, String resource) {
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no " + resource + " beside " + owner.getName());
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16);
      Base64.Decoder base64 = Base64.getDecoder();
      byte[] pool = new byte[1 << 20];
      int[] starts = new int[1 << 18];
      int[] ranks = new int[1 << 18];
      int size = 0;
      int used = 0;
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.isEmpty()) {
          continue;
        }
        int space = line.indexOf(' ');
        if (space <= 0) {
          throw new IllegalStateException("not a token line in " + resource + ": " + line);
        }
        byte[] token = base64.decode(line.substring(0, space));
        int rank = Integer.parseInt(line, space + 1, line.length(), 10);
        if (size + 1 >= starts.length) {
          starts = Arrays.copyOf(starts, starts.length * 2);
          ranks = Arrays.copyOf(ranks, ranks.length * 2);
        }
        if (used + token.length > pool.length) {
          pool = Arrays.copyOf(pool, Math.max(pool.length * 2, used + token.length));
        }
        System.arraycopy(token, 0, pool, used, token.length);
        starts[size] = used;
        ranks[size] = rank;
        used += token.length;
        size++;
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
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource + " failed", e);
    }
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
