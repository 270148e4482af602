package io.blockline.store;

/** A row changed between load and write (a claim raced a replay or cancel); the batch is retried. */
public final class ConcurrentChange extends RuntimeException {
  public ConcurrentChange(String detail) {
    super(detail, null, false, false);
  }
}
