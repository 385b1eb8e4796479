package dev.sharedcontext.core.codec;

import java.util.List;
import java.util.Optional;

/** Implementation behind {@link Codec}. */
final class Codecs {
  private Codecs() {}

  static byte[] encode(Codec codec, byte[] data) {
    throw new UnsupportedOperationException("TODO");
  }

  static byte[] decode(Codec codec, byte[] data, long maxDecodedBytes) {
    throw new UnsupportedOperationException("TODO");
  }

  static Optional<Codec> forContentEncoding(String token) {
    throw new UnsupportedOperationException("TODO");
  }

  static Codec negotiate(String acceptEncoding, List<Codec> offered) {
    throw new UnsupportedOperationException("TODO");
  }
}
