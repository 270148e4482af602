package io.blockline.session;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Opaque, URL-safe, unguessable tokens: a kind letter, the creation time in milliseconds (9
 * characters of base32hex, whose alphabet sorts like its values in any collation), then 96 random
 * bits (16 characters of base64url). The time prefix makes new tokens sort after older ones, so
 * the unique index on session tokens grows at its right edge like a sequence instead of taking every
 * insert on a random page; the random part alone keeps them unguessable.
 *
 * <p>A block's token is its session's token with the kind letter {@code b}, a dot and the block's
 * seq: as unguessable as the session's, and resolved through it, so blocks need no index on their
 * tokens (V12). Tokens given out before V12 are 26 characters without a dot and stay valid.
 */
public final class Tokens {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final char[] BASE32HEX = "0123456789abcdefghijklmnopqrstuv".toCharArray();
  private static final int TIME_CHARS = 9;   // 45 bits of milliseconds: until the year 3084

  private Tokens() {
  }

  public static String session() {
    return token('s', System.currentTimeMillis());
  }

  /** The token of block {@code seq} of the session whose token is {@code sessionToken}. */
  public static String block(String sessionToken, int seq) {
    return 'b' + sessionToken.substring(1) + '.' + seq;
  }

  static String token(char kind, long millis) {
    char[] time = new char[TIME_CHARS];
    for (int i = TIME_CHARS - 1; i >= 0; i--) {
      time[i] = BASE32HEX[(int) (millis & 31)];
      millis >>>= 5;
    }
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return kind + new String(time) + ENCODER.encodeToString(bytes);
  }
}
