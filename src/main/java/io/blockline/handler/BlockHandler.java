package io.blockline.handler;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Executes one run. Answers the result object, or fails: a {@link HandlerFailure} carries a code
 * and whether a retry can help; any other exception counts as a retryable {@code HANDLER_ERROR}.
 */
@FunctionalInterface
public interface BlockHandler {
  Future<JsonObject> run(RunContext context);

  /**
   * Whether a stopped run (timeout, cancel) ends only when this handler's future does, which then
   * fails with {@link RunStopped}. False: the run ends at once and the handler's late answer is
   * ignored. A command says true, so its run ends after its processes are gone.
   */
  default boolean settlesOnStop() {
    return false;
  }
}
