package dev.sharedcontext.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedcontext.core.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ETagsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"\"3\" | true", "W/\"3\" | true", "\"1\", \"3\" | true", "* | true",
      "\"4\" | false", "3 | false"})
  void ifNoneMatch(String header, boolean matches) {
    assertThat(ETags.noneMatchFails(header, 3)).isEqualTo(matches);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"\"3\" | 3", "* | -2", " \"0\" | 0"})
  void ifMatch(String header, long version) {
    assertThat(ETags.ifMatch(header)).isEqualTo(version);
  }

  @ParameterizedTest
  @ValueSource(strings = {"3", "W/\"3\"", "\"a\"", "\"1\", \"2\"", "\"-1\""})
  void ifMatchRefusesWhatItCannotCompare(String header) {
    assertThatThrownBy(() -> ETags.ifMatch(header)).isInstanceOf(InvalidInputException.class);
  }
}
