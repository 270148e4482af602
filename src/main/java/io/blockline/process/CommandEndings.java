package io.blockline.process;

import io.blockline.handler.HandlerFailure;
import io.vertx.core.json.JsonObject;

/** How a command run that did not exit with status 0 fails: one code per way it ended. */
final class CommandEndings {
  static final String NONZERO_EXIT = "NONZERO_EXIT";
  static final String NO_EXIT_MARKER = "NO_EXIT_MARKER";
  static final String STALE = "STALE";
  /** The exit code of a command stopped by its timeout, as timeout(1) reports it. */
  static final int TIMEOUT_EXIT_CODE = 124;

  private CommandEndings() {
  }

  /** A failed command: replay rules apply, so a replayable block is retried. */
  static HandlerFailure nonZeroExit(JsonObject details) {
    return new HandlerFailure(NONZERO_EXIT, "command exited with status " + details.getInteger("exitCode"), details, true);
  }

  /** Gone without the wrapper's marker (killed from outside, or its host rebooted): nothing says how it ended. */
  static HandlerFailure vanished(JsonObject details) {
    return new HandlerFailure(NO_EXIT_MARKER, "process exited without exit marker", details, true);
  }

  /** Ran past {@code handlers.command.staleAfterMs}: killed, and not retried (a retry would run as long). */
  static HandlerFailure stale(long staleAfterMs, JsonObject details) {
    return new HandlerFailure(STALE, "process ran longer than handlers.command.staleAfterMs (" + staleAfterMs
        + " ms) and was killed as stale", details, false);
  }
}
