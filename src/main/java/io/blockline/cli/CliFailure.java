package io.blockline.cli;

/**
 * Why a command could not do its job, with the process exit code it stands for. Expected, so it
 * carries no stack trace: the CLI prints its one-line message and exits.
 */
final class CliFailure extends RuntimeException {
  /** The node answered that the session, block or delivery does not exist, or the work failed. */
  static final int FAILED = 1;
  /** The command line or the input it named is wrong (also a 400 from the node). */
  static final int USAGE = 2;
  /** No answer from the node: refused, timed out, or not ready (503). */
  static final int UNREACHABLE = 3;

  private final int exitCode;
  private final int httpStatus;

  CliFailure(int exitCode, String message) {
    this(exitCode, message, 0);
  }

  /** A failure the node answered, with its HTTP status. */
  CliFailure(int exitCode, String message, int httpStatus) {
    super(message, null, false, false);
    this.exitCode = exitCode;
    this.httpStatus = httpStatus;
  }

  /** The node's HTTP status, 0 when the node did not answer. */
  int httpStatus() {
    return httpStatus;
  }

  int exitCode() {
    return exitCode;
  }
}
