package io.blockline.bench;

/** A run that must not pass: a block not SUCCESS exactly once, a request refused, a wait that ran out. */
final class BenchFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BenchFailure(String message) {
    super(message);
  }

  BenchFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
