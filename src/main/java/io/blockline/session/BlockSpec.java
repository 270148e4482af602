package io.blockline.session;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** One validated block of a submission, defaults filled in. */
public record BlockSpec(
    String id,
    String name,
    JsonObject handler,
    JsonObject params,
    JsonArray dataset,
    List<String> requires,
    boolean blocker,
    boolean replayable,
    JsonObject retry,
    long delayMs,
    int priority,
    long timeoutMs,
    boolean interrupt) {
}
