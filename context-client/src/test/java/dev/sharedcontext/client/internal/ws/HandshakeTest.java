package dev.sharedcontext.client.internal.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandshakeTest {

  @Test
  void acceptIsTheExampleOfRfc6455() {
    assertThat(Handshake.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  }

  @Test
  void theRequestOffersDeflateAndSendsTheToken() {
    String r = new String(Handshake.request(URI.create("ws://127.0.0.1:3003/context/p/stream?fromVersion=4"), "k==",
        "t0k", true), StandardCharsets.ISO_8859_1);
    assertThat(r).startsWith("GET /context/p/stream?fromVersion=4 HTTP/1.1\r\nHost: 127.0.0.1:3003\r\n")
        .contains("\r\nSec-WebSocket-Key: k==\r\n", "\r\nSec-WebSocket-Version: 13\r\n",
            "\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n",
            "\r\nAuthorization: Bearer t0k\r\n", "\r\nUpgrade: websocket\r\n")
        .endsWith("\r\n\r\n");
    String plain = new String(Handshake.request(URI.create("wss://example.org/s"), "k==", null, false),
        StandardCharsets.ISO_8859_1);
    assertThat(plain).contains("Host: example.org\r\n").doesNotContain("Extensions", "Authorization");
  }

  @Test
  void whatTheServerMayAnswerIsAccepted() throws Exception {
    assertThat(Handshake.extensions(null, true)).isNull();
    assertThat(Handshake.extensions("permessage-deflate", true)).isEqualTo(new Handshake.Deflate(false, false, 15, 15));
    assertThat(Handshake.extensions("permessage-deflate; client_max_window_bits=15", true))
        .isEqualTo(new Handshake.Deflate(false, false, 15, 15));
    assertThat(Handshake.extensions("Permessage-Deflate;server_no_context_takeover; client_no_context_takeover;"
        + " server_max_window_bits=\"9\"; client_max_window_bits=8", true))
        .isEqualTo(new Handshake.Deflate(true, true, 9, 8));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "permessage-deflate; unknown_param",
      "permessage-deflate; server_max_window_bits=16",
      "permessage-deflate; server_max_window_bits=7",
      "permessage-deflate; client_max_window_bits",
      "permessage-deflate; server_no_context_takeover=1",
      "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
      "x-webkit-deflate-frame",
      "permessage-deflate, permessage-deflate"})
  void anythingElseFailsTheConnection(String header) {
    assertThatThrownBy(() -> Handshake.extensions(header, true)).isInstanceOf(WebSocketProtocolException.class);
  }

  @Test
  void deflateThatWasNotOfferedFailsTheConnection() {
    assertThatThrownBy(() -> Handshake.extensions("permessage-deflate", false))
        .isInstanceOf(WebSocketProtocolException.class).hasMessageContaining("did not offer");
  }

  @Test
  void aWrongAcceptFailsTheConnection() throws Exception {
    Handshake.Response r = Handshake.readResponse(new ByteArrayInputStream(("HTTP/1.1 101 Switching Protocols\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAA\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1)));
    assertThat(r.status()).isEqualTo(101);
    assertThatThrownBy(() -> Handshake.verify(r, "dGhlIHNhbXBsZSBub25jZQ==", true))
        .isInstanceOf(WebSocketProtocolException.class).hasMessageContaining("Accept");
  }

  @Test
  void anErrorAnswerKeepsItsBody() throws Exception {
    String body = "{\"error\":\"no\",\"code\":\"UNAUTHORIZED\"}";
    Handshake.Response r = Handshake.readResponse(new ByteArrayInputStream(("HTTP/1.1 401 Unauthorized\r\n"
        + "content-length: " + body.length() + "\r\n\r\n" + body + "trailing").getBytes(StandardCharsets.ISO_8859_1)));
    assertThat(r.status()).isEqualTo(401);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(body);
  }
}
