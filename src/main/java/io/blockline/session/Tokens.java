package io.blockline.session;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Opaque, URL-safe, unguessable tokens: a kind letter, the creation time in milliseconds (9
 * characters of base32hex, whose alphabet sorts like its values in any collation), then 96 random
 * bits (16 characters of base64url). The time prefix makes new tokens sort after older ones, so
 * the unique indexes on tokens grow at their right edge like a sequence instead of taking every
 * insert on a random page; the random part alone keeps them unguessable.
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

  public static String block() {
    return token('b', System.currentTimeMillis());
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
