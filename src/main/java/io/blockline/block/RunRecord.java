package io.blockline.block;

import io.vertx.core.json.JsonObject;

/**
 * One run of a block as a worker reported it: a whole run, or one dataset item.
 *
 * @param item -1 without a dataset
 */
public record RunRecord(int item, long startedAtMs, long finishedAtMs, String status, JsonObject error) {
}
