package io.blockline.dispatch;

/** A row changed between load and write (a claim raced a replay or cancel); the batch is retried. */
final class ConcurrentChange extends RuntimeException {
  ConcurrentChange(String detail) {
    super(detail, null, false, false);
  }
}
