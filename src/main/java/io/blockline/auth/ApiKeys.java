package io.blockline.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * API keys: {@code blk_<prefix>_<secret>}, a 32-byte random secret (base64url) behind an 8-hex
 * prefix that names the key in lists and logs. Only the SHA-256 of the whole key is stored; the
 * key itself is shown once, when it is created.
 */
public final class ApiKeys {
  private static final Pattern SHAPE = Pattern.compile("blk_([0-9a-f]{8})_([A-Za-z0-9_-]{43})");
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {
  }

  /** A key just made: the text to hand out once, its prefix, and the hash to store. */
  public record NewKey(String key, String prefix, byte[] hash) {
  }

  public static NewKey generate() {
    byte[] prefix = new byte[4];
    byte[] secret = new byte[32];
    RANDOM.nextBytes(prefix);
    RANDOM.nextBytes(secret);
    String p = HexFormat.of().formatHex(prefix);
    String key = "blk_" + p + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    return new NewKey(key, p, hash(key));
  }

  /** The key of an {@code Authorization} value {@code Bearer <key>}; null when it is not one. */
  public static String fromBearer(String header) {
    if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String key = header.substring(7).trim();
    return key.isEmpty() ? null : key;
  }

  /** @return the key's prefix, or null when the text is not shaped like a key */
  public static String prefixOf(String key) {
    if (key == null) {
      return null;
    }
    var m = SHAPE.matcher(key);
    return m.matches() ? m.group(1) : null;
  }

  public static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Constant-time comparison of a presented key with a stored hash. */
  public static boolean matches(String key, byte[] storedHash) {
    return storedHash != null && MessageDigest.isEqual(hash(key), storedHash);
  }
}
