package dev.sharedcontext.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaultTest {
  @ParameterizedTest
  @ValueSource(ints = {999, 1004, 1005, 1006, 1015, 1016, 2999, 5000})
  void closeCodesThatMayNotBeSentAreRefused(int code) {
    assertThatThrownBy(() -> Fault.close(code)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {1000, 1001, 1003, 1007, 1011, 1014, 3000, 4001, 4999})
  void sendableCloseCodesAreAccepted(int code) {
    assertThat(Fault.close(code, "why")).isEqualTo(new Fault.CloseWithCode(code, "why"));
  }

  @Test
  void aReasonMustFitAControlFrame() {
    assertThatThrownBy(() -> Fault.close(1000, "é".repeat(62))).isInstanceOf(IllegalArgumentException.class);
    assertThat(Fault.close(1000, "x".repeat(123)).reason()).hasSize(123);
  }

  @Test
  void aStallLastsAPositiveTime() {
    assertThatThrownBy(() -> Fault.stall(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Fault.stall().duration()).isEqualTo(Fault.Stall.UNTIL_RESUMED);
  }
}
