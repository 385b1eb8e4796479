package dev.sharedcontext.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CorsTest {
  final Cors cors = new Cors(List.of("http://localhost", "http://127.0.0.1", "https://app.example.com:8443"));

  @ParameterizedTest
  @CsvSource({
      "http://localhost, true",
      "http://localhost:5173, true",
      "http://LOCALHOST:80, true",
      "http://127.0.0.1:8080, true",
      "https://localhost, false",
      "http://localhost.evil.com, false",
      "http://evil.com, false",
      "null, false",
      "https://app.example.com:8443, true",
      "https://app.example.com, false",
      "not a url, false",
      "http://localhost/path, false",
  })
  void allowList(String origin, boolean allowed) {
    assertThat(cors.allowed(origin)).isEqualTo(allowed);
  }

  @ParameterizedTest
  @CsvSource({"http://anything.example, true"})
  void starAllowsEverything(String origin, boolean allowed) {
    assertThat(new Cors(List.of("*")).allowed(origin)).isEqualTo(allowed);
    assertThat(cors.allowed(null)).as("no Origin: not a browser, not subject to CORS").isTrue();
  }
}
