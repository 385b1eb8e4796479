package dev.sharedcontext.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CodecNegotiationTest {
  private static final List<Codec> SERVER = CompressionPolicy.DEFAULT_PREFERENCE; // zstd, gzip, deflate

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      gzip;q=0.5, zstd                 | ZSTD
      gzip, zstd;q=0.5                 | GZIP
      gzip                             | GZIP
      deflate                          | DEFLATE
      zstd                             | ZSTD
      gzip, deflate                    | GZIP
      deflate, gzip                    | GZIP
      gzip, deflate, br, zstd          | ZSTD
      *                                | ZSTD
      *;q=0.1                          | ZSTD
      *;q=0.1, gzip;q=0.2              | GZIP
      *, zstd;q=0                      | GZIP
      *;q=0                            | NONE
      gzip;q=0                         | NONE
      gzip;q=0, deflate;q=0.001        | DEFLATE
      identity                         | NONE
      identity, gzip;q=0.5             | GZIP
      br                               | NONE
      br, gzip;q=0.1                   | GZIP
      x-gzip                           | GZIP
      X-GZIP;Q=0.3, deflate;q=0.2      | GZIP
      GZIP;Q=0.8 , Zstd ; q=0.9        | ZSTD
      gzip;q=1.000, zstd;q=0.999       | GZIP
      gzip;level=9                     | GZIP
      gzip , , deflate                 | GZIP
      garbage                          | NONE
      ;;;,,,=q                         | NONE
      gzip;q=abc, deflate              | DEFLATE
      gzip;q=1.5, deflate;q=0.1        | DEFLATE
      gzip;q=0.5000, deflate;q=0.1     | DEFLATE
      gzip;q=-1, deflate;q=0.1         | DEFLATE
      gzip;q=, deflate;q=0.1           | DEFLATE
      gzip;q=0.5;q=1, deflate;q=0.1    | DEFLATE
      gzip;;q=1, deflate;q=0.1         | DEFLATE
      g zip, deflate                   | DEFLATE
      gzip, gzip;q=0                   | GZIP
      "zstd", gzip                     | GZIP
      """)
  void negotiatesAmongTheServersCodecs(String header, Codec expected) {
    assertThat(Codec.negotiate(header, SERVER)).isEqualTo(expected);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "\t"})
  void noHeaderMeansNoCompression(String header) {
    assertThat(Codec.negotiate(header, SERVER)).isEqualTo(Codec.NONE);
  }

  @Test
  void tiesGoToTheOrderOfTheOffer() {
    assertThat(Codec.negotiate("gzip, deflate, zstd", List.of(Codec.DEFLATE, Codec.GZIP))).isEqualTo(Codec.DEFLATE);
    assertThat(Codec.negotiate("gzip, deflate, zstd", List.of(Codec.GZIP, Codec.DEFLATE))).isEqualTo(Codec.GZIP);
    assertThat(Codec.negotiate("*", List.of(Codec.DEFLATE, Codec.ZSTD))).isEqualTo(Codec.DEFLATE);
    assertThat(Codec.negotiate("gzip, zstd", List.of())).isEqualTo(Codec.NONE);
  }

  @Test
  void identityMayBeOfferedToo() {
    List<Codec> offer = List.of(Codec.GZIP, Codec.NONE);
    assertThat(Codec.negotiate("identity;q=0.5, gzip;q=0.4", offer)).isEqualTo(Codec.NONE);
    assertThat(Codec.negotiate("gzip;q=0.001", List.of(Codec.NONE, Codec.GZIP)))
        .as("an unnamed identity ranks below any coding the client asked for").isEqualTo(Codec.GZIP);
    assertThat(Codec.negotiate("br", offer)).isEqualTo(Codec.NONE);
  }

  @Test
  void nullOfferIsMisuse() {
    assertThatThrownBy(() -> Codec.negotiate("gzip", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Codec.negotiate("gzip", Arrays.asList(Codec.GZIP, null)))
        .isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      gzip       | GZIP
      GZIP       | GZIP
      ' gzip '   | GZIP
      x-gzip     | GZIP
      X-Gzip     | GZIP
      deflate    | DEFLATE
      Deflate    | DEFLATE
      zstd       | ZSTD
      ZSTD       | ZSTD
      identity   | NONE
      IDENTITY   | NONE
      """)
  void knownContentEncodings(String token, Codec expected) {
    assertThat(Codec.forContentEncoding(token)).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "br", "compress", "gzip, deflate", "x-zstd", "*"})
  void unknownContentEncodings(String token) {
    assertThat(Codec.forContentEncoding(token)).isEqualTo(Optional.empty());
  }

  @Test
  void everyCodecNamesItself() {
    for (Codec codec : Codec.values()) {
      assertThat(Codec.forContentEncoding(codec.contentEncoding())).contains(codec);
    }
    assertThatThrownBy(() -> Codec.forContentEncoding(null)).isInstanceOf(NullPointerException.class).hasMessage("token");
  }
}
