package dev.sharedcontext.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedcontext.core.UnauthorizedException;
import dev.sharedcontext.server.AccessToken;
import dev.sharedcontext.server.AccessToken.Access;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthTest {
  final Auth auth = new Auth(List.of(AccessToken.of("r", Access.READ, "p"), AccessToken.allProjects("a", Access.ADMIN)));

  @Test
  void offWithoutTokens() {
    Auth off = new Auth(List.of());
    assertThat(off.enabled()).isFalse();
    assertThat(off.authenticate(null)).isNull();
    off.authorize(null, Access.ADMIN, "x");
  }

  @Test
  void authenticationIs401() {
    assertThatThrownBy(() -> auth.authenticate(null)).isInstanceOf(UnauthorizedException.class)
        .extracting(e -> ((UnauthorizedException) e).code()).isEqualTo("UNAUTHORIZED");
    assertThatThrownBy(() -> auth.authenticate("Bearer nope")).isInstanceOf(UnauthorizedException.class);
    assertThatThrownBy(() -> auth.authenticate("Token r")).isInstanceOf(UnauthorizedException.class);
    assertThat(auth.authenticate("bearer r").access()).isEqualTo(Access.READ);
  }

  @Test
  void authorizationIs403OutsideTheGrant() {
    AccessToken r = auth.authenticate("Bearer r");
    auth.authorize(r, Access.READ, "p");
    assertThatThrownBy(() -> auth.authorize(r, Access.WRITE, "p")).isInstanceOf(UnauthorizedException.class)
        .matches(e -> ((UnauthorizedException) e).isForbidden());
    assertThatThrownBy(() -> auth.authorize(r, Access.READ, "q")).isInstanceOf(UnauthorizedException.class);
    assertThatThrownBy(() -> auth.authorize(r, Access.READ, null)).isInstanceOf(UnauthorizedException.class);
    AccessToken a = auth.authenticate("Bearer a");
    auth.authorize(a, Access.ADMIN, null);
    auth.authorize(a, Access.WRITE, "anything");
  }
}
