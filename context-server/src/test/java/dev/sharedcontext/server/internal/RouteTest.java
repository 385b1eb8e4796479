package dev.sharedcontext.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedcontext.core.InvalidInputException;
import dev.sharedcontext.server.internal.Route.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RouteTest {

  @ParameterizedTest
  @CsvSource({
      "/health, false, HEALTH, ",
      "/metrics?format=prometheus, false, METRICS, ",
      "/context/p1, false, CONTEXT, p1",
      "/context/p1/, false, CONTEXT, p1",
      "/context/a.b_c-D, false, CONTEXT, a.b_c-D",
      "/context/p%31, false, CONTEXT, p1",
      "/context/p1/diff, false, DIFF, p1",
      "/context/p1/versions?limit=3, false, VERSIONS, p1",
      "/context/p1/rollback, false, ROLLBACK, p1",
      "/context/p1/stream?fromVersion=3, true, STREAM, p1",
      "/context/stream?projectId=legacy, true, STREAM, legacy",
      "/context/stream, false, CONTEXT, stream",
      "/context/p1/window?budget=10, false, WINDOW, p1",
      "/context/p1/ref?path=/a, false, REF, p1",
      "http://host:3003/context/p1, false, CONTEXT, p1",
      "/, false, UNKNOWN, ",
      "/context, false, UNKNOWN, ",
      "/context/p1/other, false, UNKNOWN, ",
      "/other/p1, false, UNKNOWN, ",
  })
  void routes(String uri, boolean upgrade, Kind kind, String project) {
    Route r = Route.parse(uri, upgrade);
    assertThat(r.kind()).isEqualTo(kind);
    assertThat(r.projectId()).isEqualTo(project);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/context/a%20b", "/context/a%2Fb", "/context/%zz", "/context/%C3", "/context/a+b",
      "/context/%00", "/context/stream?x=1&projectId=a%2Fb"})
  void badIdsAndEscapesAre400(String uri) {
    assertThatThrownBy(() -> Route.parse(uri, uri.contains("stream"))).isInstanceOf(InvalidInputException.class);
  }

  @ParameterizedTest
  @CsvSource({"a%2Bb, a+b", "%E2%82%AC, €", "plain, plain"})
  void percentDecodingKeepsPlusAndReadsUtf8(String raw, String decoded) {
    assertThat(Route.decode(raw)).isEqualTo(decoded);
  }
}
