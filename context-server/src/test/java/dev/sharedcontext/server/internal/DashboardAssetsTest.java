package dev.sharedcontext.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboard's files: types, caching, the CSP, and that every file a page asks for is served. */
class DashboardAssetsTest {

  @Test
  void servesThePageAndItsFilesWithTheirTypes() {
    HttpResult page = DashboardAssets.serve("/dashboard", null);
    assertThat(page.status().code()).isEqualTo(200);
    assertThat(page.contentType().toString()).isEqualTo("text/html; charset=utf-8");
    assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("<title>SharedContext");
    assertThat(DashboardAssets.serve("/dashboard/app.js", null).contentType().toString())
        .isEqualTo("text/javascript; charset=utf-8");
    assertThat(DashboardAssets.serve("/dashboard/dashboard.css", null).contentType().toString())
        .isEqualTo("text/css; charset=utf-8");
    assertThat(DashboardAssets.serve("/dashboard/favicon.svg", null).contentType().toString()).isEqualTo("image/svg+xml");
  }

  @Test
  void revalidatesWithAStrongETag() {
    HttpResult first = DashboardAssets.serve("/dashboard/charts.js", null);
    String etag = first.headers().get("etag");
    assertThat(etag).matches("\"[0-9a-f]{24}\"");
    assertThat(first.headers().get("cache-control")).isEqualTo("no-cache");
    HttpResult again = DashboardAssets.serve("/dashboard/charts.js", "W/\"x\", " + etag);
    assertThat(again.status().code()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().get("etag")).isEqualTo(etag);
    assertThat(DashboardAssets.serve("/dashboard/charts.js", "\"other\"").status().code()).isEqualTo(200);
    assertThat(DashboardAssets.serve("/dashboard/app.js", null).headers().get("etag")).isNotEqualTo(etag);
  }

  @Test
  void sendsAStrictContentSecurityPolicy() {
    HttpResult page = DashboardAssets.serve("/dashboard", null);
    assertThat(page.headers().get("content-security-policy"))
        .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "form-action 'none'");
    assertThat(page.headers().get("x-content-type-options")).isEqualTo("nosniff");
    assertThat(page.headers().get("referrer-policy")).isEqualTo("no-referrer");
  }

  @Test
  void anythingElseIsNotFound() {
    for (String path : List.of("/dashboard/nope.js", "/dashboard/../version.properties", "/dashboard/a/app.js")) {
      assertThatThrownBy(() -> DashboardAssets.serve(path, null))
          .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.status()).isEqualTo(404));
    }
  }

  /** A file added to the page but not to the served list would break the page only in a browser. */
  @Test
  void everyFileThePageReferencesIsServed() {
    List<String> names = new ArrayList<>();
    String page = text("/dashboard");
    collect(Pattern.compile("(?:src|href)=\"/dashboard/([^\"]+)\""), page, names);
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).endsWith(".js")) {
        collect(Pattern.compile("from '\\./([^']+)'"), text("/dashboard/" + names.get(i)), names);
      }
    }
    assertThat(names).contains("app.js", "stream.js", "charts.js", "format.js", "views.js", "timeline.js",
        "dashboard.css", "favicon.svg");
  }

  @Test
  void routesTheDashboardAndTheStream() {
    assertThat(Route.parse("/dashboard", false).kind()).isEqualTo(Route.Kind.DASHBOARD);
    assertThat(Route.parse("/dashboard/", false).path()).isEqualTo("/dashboard");
    assertThat(Route.parse("/dashboard/app.js?x=1", false).kind()).isEqualTo(Route.Kind.DASHBOARD);
    assertThat(Route.parse("/metrics/stream", false).kind()).isEqualTo(Route.Kind.METRICS_STREAM);
    assertThat(Route.parse("/metrics", false).kind()).isEqualTo(Route.Kind.METRICS);
    assertThat(Route.parse("/metrics/other", false).kind()).isEqualTo(Route.Kind.UNKNOWN);
  }

  private static void collect(Pattern p, String text, List<String> into) {
    Matcher m = p.matcher(text);
    while (m.find()) {
      if (!into.contains(m.group(1))) {
        into.add(m.group(1)); // served, or serve() would have thrown while reading it
        text("/dashboard/" + m.group(1));
      }
    }
  }

  private static String text(String path) {
    return new String(DashboardAssets.serve(path, null).body(), StandardCharsets.UTF_8);
  }
}
