package dev.sharedcontext.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedcontext.server.AccessToken.Access;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTokenTest {

  @Test
  void parsesSpecs() {
    AccessToken t = AccessToken.parse("s3cret:write:alpha, beta");
    assertThat(t.token()).isEqualTo("s3cret");
    assertThat(t.access()).isEqualTo(Access.WRITE);
    assertThat(t.projects()).isEqualTo(Set.of("alpha", "beta"));
    assertThat(AccessToken.parse("x:ADMIN").allowsAllProjects()).isTrue();
    assertThat(AccessToken.parse("x:read:*").allowsAllProjects()).isTrue();
    assertThatThrownBy(() -> AccessToken.parse("x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AccessToken.parse("x:root")).hasMessageContaining("read, write or admin");
    assertThatThrownBy(() -> AccessToken.parse(" :read")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void levelsIncludeTheLowerOnes() {
    AccessToken w = AccessToken.of("t", Access.WRITE, "p");
    assertThat(w.allows(Access.READ, "p")).isTrue();
    assertThat(w.allows(Access.WRITE, "p")).isTrue();
    assertThat(w.allows(Access.ADMIN, "p")).isFalse();
    assertThat(w.allows(Access.READ, "q")).isFalse();
    assertThat(w.toString()).doesNotContain("t,").contains("WRITE");
  }
}
