package io.blockline.session;

import io.vertx.core.json.JsonObject;

import java.util.List;

/** A validated submit request: everything needed to store a session, defaults filled in. */
public record Submission(
    String name,
    String owner,
    ExecutionTime executionTime,
    int priority,
    SessionMode mode,
    Integer maxParallel,
    JsonObject metadata,
    JsonObject callback,
    List<BlockSpec> blocks) {

  public int blockCount() {
    return blocks.size();
  }

  /**
   * No block requires another or waits for a delay: started in parallel, every waiting block is
   * due at once (sessions.plain, V11).
   */
  public boolean plain() {
    return blocks.stream().allMatch(b -> b.requires().isEmpty() && b.delayMs() == 0);
  }
}
