package io.blockline.session;

import java.security.SecureRandom;
import java.util.Base64;

/** Opaque, URL-safe, unguessable tokens (120 random bits, 21 characters with the prefix). */
public final class Tokens {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private Tokens() {
  }

  public static String session() {
    return "s" + random();
  }

  public static String block() {
    return "b" + random();
  }

  private static String random() {
    byte[] bytes = new byte[15];
    RANDOM.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }
}
