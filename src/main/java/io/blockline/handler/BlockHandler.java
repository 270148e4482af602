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
}
