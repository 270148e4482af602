package io.blockline.session;

import java.util.Locale;

/** How the blocks of a session are ordered. */
public enum SessionMode {
  /** Creation order, one block at a time. */
  SEQUENTIAL,
  /** Any block whose requirements hold, up to maxParallel at once. */
  PARALLEL,
  /** Sequential; each block's input is the previous block's result, the output is the last one's. */
  PIPELINE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static SessionMode fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
