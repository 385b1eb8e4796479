package dev.sharedcontext.client.internal.ws;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The opening handshake of RFC 6455 §4.1 from the client's side, and the permessage-deflate
 * negotiation of RFC 7692 §5–7: the request, the reading of the answer, the check of
 * {@code Sec-WebSocket-Accept}, and what the server's {@code Sec-WebSocket-Extensions} means.
 */
public final class Handshake {
  /** The offer: our own window stays at the JDK's 15 bits, the server may tell us a smaller one. */
  public static final String DEFLATE_OFFER = "permessage-deflate; client_max_window_bits";
  /** The most bytes of status line and headers accepted. */
  static final int MAX_HEAD = 16 * 1024;
  /** The most bytes of an error body read. */
  public static final int MAX_ERROR_BODY = 64 * 1024;
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"; // RFC 6455 §1.3

  private Handshake() {}

  /** The server's answer: status, headers by lower-case name (repeats joined with ", "), and any body. */
  public record Response(int status, Map<String, String> headers, byte[] body) {}

  /**
   * What the server accepted of our permessage-deflate offer.
   *
   * @param serverNoContextTakeover the server resets its compressor after each message
   * @param clientNoContextTakeover we must reset ours (we send uncompressed: nothing to reset)
   * @param serverMaxWindowBits the server's window, 8–15
   * @param clientMaxWindowBits the window our compressor may use, 8–15
   */
  public record Deflate(boolean serverNoContextTakeover, boolean clientNoContextTakeover, int serverMaxWindowBits,
      int clientMaxWindowBits) {}

  /** The upgrade request for {@code uri} ({@code ws} or {@code wss}). */
  public static byte[] request(URI uri, String key, String authToken, boolean offerDeflate) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    int port = uri.getPort();
    boolean defaultPort = port == -1 || port == (isSecure(uri) ? 443 : 80);
    String host = uri.getHost().contains(":") ? "[" + uri.getHost() + "]" : uri.getHost();
    StringBuilder r = new StringBuilder(256)
        .append("GET ").append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(host).append(defaultPort ? "" : ":" + port).append("\r\n")
        .append("Upgrade: websocket\r\n")
        .append("Connection: Upgrade\r\n")
        .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
        .append("Sec-WebSocket-Version: 13\r\n");
    if (offerDeflate) {
      r.append("Sec-WebSocket-Extensions: ").append(DEFLATE_OFFER).append("\r\n");
    }
    if (authToken != null) {
      r.append("Authorization: Bearer ").append(authToken).append("\r\n");
    }
    return r.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** True for {@code wss}. */
  public static boolean isSecure(URI uri) {
    return "wss".equalsIgnoreCase(uri.getScheme());
  }

  /** {@code Sec-WebSocket-Accept} for {@code key}: base64 of SHA-1 of the key and the GUID. */
  public static String accept(String key) {
    try {
      byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }

  /**
   * Reads the answer's status line and headers, and, unless it is a 101, its body (by
   * {@code Content-Length}, or to the end of the connection, at most {@link #MAX_ERROR_BODY}).
   * Bytes after a 101's headers are frames and stay in {@code in}.
   */
  public static Response readResponse(InputStream in) throws IOException {
    String head = readHead(in);
    String[] lines = head.split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP answer to the upgrade: " + lines[0]);
    }
    int status;
    try {
      status = Integer.parseInt(statusLine[1]);
    } catch (NumberFormatException e) {
      throw new IOException("bad status line: " + lines[0], e);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        throw new IOException("bad header line: " + lines[i]);
      }
      headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
          (a, b) -> a + ", " + b);
    }
    // A chunked body is not worth decoding for an error message; its status says enough.
    byte[] body = status == 101 || headers.containsKey("transfer-encoding") ? new byte[0]
        : readBody(in, headers.get("content-length"));
    return new Response(status, headers, body);
  }

  /**
   * Checks a 101 answer against the request (RFC 6455 §4.1, the client's steps 2–6) and returns
   * the permessage-deflate parameters agreed, or null when there is no extension.
   *
   * @throws WebSocketProtocolException when the answer is not a valid acceptance of our request
   */
  public static Deflate verify(Response response, String key, boolean offeredDeflate)
      throws WebSocketProtocolException {
    Map<String, String> h = response.headers();
    if (!"websocket".equalsIgnoreCase(h.getOrDefault("upgrade", ""))) {
      throw protocol("the answer's Upgrade is not websocket");
    }
    if (!h.getOrDefault("connection", "").toLowerCase(Locale.ROOT).contains("upgrade")) {
      throw protocol("the answer's Connection is not Upgrade");
    }
    if (!accept(key).equals(h.get("sec-websocket-accept"))) {
      throw protocol("Sec-WebSocket-Accept does not match the key");
    }
    if (h.get("sec-websocket-protocol") != null) {
      throw protocol("a subprotocol we did not ask for");
    }
    return extensions(h.get("sec-websocket-extensions"), offeredDeflate);
  }

  /**
   * The meaning of the server's {@code Sec-WebSocket-Extensions}: null when absent, the
   * parameters when it accepts our permessage-deflate offer. Anything else (an extension we did
   * not offer, two of them, an unknown or repeated parameter, a window outside 8–15) fails the
   * connection, as RFC 7692 §5 and §7.1 ask of a client.
   */
  public static Deflate extensions(String header, boolean offeredDeflate) throws WebSocketProtocolException {
    if (header == null || header.isBlank()) {
      return null;
    }
    if (header.indexOf(',') >= 0) {
      throw protocol("more than one extension accepted: " + header);
    }
    String[] parts = header.split(";");
    if (!offeredDeflate || !parts[0].trim().equalsIgnoreCase("permessage-deflate")) {
      throw protocol("an extension we did not offer: " + header);
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      int eq = p.indexOf('=');
      String name = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
      String value = eq < 0 ? null : unquote(p.substring(eq + 1).trim());
      if (params.containsKey(name)) {
        throw protocol("parameter repeated: " + name);
      }
      params.put(name, value);
    }
    boolean serverNoTakeover = flag(params, "server_no_context_takeover");
    boolean clientNoTakeover = flag(params, "client_no_context_takeover");
    int serverBits = bits(params, "server_max_window_bits");
    int clientBits = bits(params, "client_max_window_bits");
    if (!params.isEmpty()) {
      throw protocol("unknown permessage-deflate parameter: " + params.keySet());
    }
    return new Deflate(serverNoTakeover, clientNoTakeover, serverBits, clientBits);
  }

  private static boolean flag(Map<String, String> params, String name) throws WebSocketProtocolException {
    if (!params.containsKey(name)) {
      return false;
    }
    if (params.remove(name) != null) {
      throw protocol(name + " takes no value");
    }
    return true;
  }

  private static int bits(Map<String, String> params, String name) throws WebSocketProtocolException {
    if (!params.containsKey(name)) {
      return 15;
    }
    String value = params.remove(name);
    // In an answer the value is required (RFC 7692 §7.1.2.1 and §7.1.2.2): 1*DIGIT, 8 to 15.
    if (value == null || !value.matches("[0-9]{1,2}") || Integer.parseInt(value) < 8 || Integer.parseInt(value) > 15) {
      throw protocol(name + " must be 8 to 15: " + value);
    }
    return Integer.parseInt(value);
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream(256);
    int matched = 0; // of "\r\n\r\n"
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the connection ended during the upgrade");
      }
      if (head.size() >= MAX_HEAD) {
        throw new IOException("the answer to the upgrade has more than " + MAX_HEAD + " bytes of headers");
      }
      head.write(b);
      matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
    }
    byte[] bytes = head.toByteArray();
    return new String(bytes, 0, bytes.length - 4, StandardCharsets.ISO_8859_1);
  }

  private static byte[] readBody(InputStream in, String contentLength) throws IOException {
    int max = MAX_ERROR_BODY;
    if (contentLength != null) {
      try {
        max = (int) Math.min(max, Math.max(0, Long.parseLong(contentLength.trim())));
      } catch (NumberFormatException e) {
        return new byte[0];
      }
    }
    try {
      return in.readNBytes(max);
    } catch (IOException e) {
      return new byte[0]; // the status is what matters; a body cut short is no reason to hide it
    }
  }

  private static WebSocketProtocolException protocol(String message) {
    return new WebSocketProtocolException(WebSocketProtocolException.PROTOCOL_ERROR, "handshake: " + message);
  }
}
