package io.blockline.store;

/** Statements of the store's package for tests elsewhere. */
public final class BlockStoreProbe {
  private BlockStoreProbe() {
  }

  /** {@link BlockSql#MATERIALIZE_EXPIRED_RANGES} with its limit set to 100. */
  public static String materialize() {
    return BlockSql.MATERIALIZE_EXPIRED_RANGES.replace("$1", "100");
  }
}
