package io.blockline.process;

import io.vertx.core.json.JsonObject;

/**
 * A command process as this node knows it: its run directory, its pid (which is also its
 * process group's and session's id) and start time, and when it started (epoch ms), which the
 * stale rule counts from. What a restarted node is handed to resume watching it.
 */
record TrackedProcess(RunDirectory dir, int pid, long startTicks, long startedAtMs) {

  JsonObject toJson() {
    return new JsonObject().put("runDir", dir.toString()).put("pid", pid).put("startTicks", startTicks)
        .put("startedAtMs", startedAtMs);
  }

  static TrackedProcess fromJson(JsonObject json) {
    return new TrackedProcess(RunDirectory.of(json.getString("runDir")), json.getInteger("pid"),
        json.getLong("startTicks"), json.getLong("startedAtMs"));
  }
}
