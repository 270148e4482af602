package io.blockline.dispatch;

import io.blockline.block.BlockStatus;
import io.blockline.session.SessionMode;
import io.blockline.session.SessionStatus;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, from a session's blocks as they stand, which waiting blocks are released, which are
 * skipped or re-armed, and the session's status. Pure: no I/O, no clock.
 */
public final class SessionPlanner {
  private SessionPlanner() {
  }

  /** @param blocks the session's blocks in seq order; mutated in place */
  public static SessionStatus plan(SessionRow session, List<BlockRow> blocks) {
    settleRequirements(blocks);
    if (session.started() && !session.cancelled() && !session.paused()) {
      if (session.mode == SessionMode.PARALLEL) {
        releaseParallel(blocks, session.maxParallel);
      } else {
        releaseSequential(blocks);
      }
    }
    List<BlockStatus> statuses = blocks.stream().map(BlockRow::status).toList();
    return SessionStatus.derive(statuses, session.cancelled(), session.paused());
  }

  /**
   * Skips a waiting block whose requirement can no longer succeed, and re-arms a skipped one
   * whose requirements may succeed again (after a replay). Requirements name earlier blocks
   * only, so one pass in seq order settles chains.
   */
  private static void settleRequirements(List<BlockRow> blocks) {
    Map<String, BlockRow> byKey = new HashMap<>();
    for (BlockRow block : blocks) {
      String failed = failedRequirement(block, byKey);
      if (block.waiting() && failed != null) {
        block.skip("required block " + failed + " ended " + byKey.get(failed).status());
      } else if (block.status() == BlockStatus.SKIPPED && failed == null) {
        block.rearm();
      }
      byKey.put(block.matchKey, block);
    }
  }

  private static String failedRequirement(BlockRow block, Map<String, BlockRow> earlier) {
    for (String required : block.requires) {
      BlockRow other = earlier.get(required);
      if (other != null && other.status().failed()) {
        return required;
      }
    }
    return null;
  }

  private static boolean requirementsMet(BlockRow block, Map<String, BlockRow> earlier) {
    for (String required : block.requires) {
      BlockRow other = earlier.get(required);
      if (other == null || other.status() != BlockStatus.SUCCESS) {
        return false;
      }
    }
    return true;
  }

  /** One block at a time in creation order; a failed blocker stops the walk. */
  private static void releaseSequential(List<BlockRow> blocks) {
    Map<String, BlockRow> byKey = new HashMap<>();
    for (BlockRow block : blocks) {
      byKey.put(block.matchKey, block);
      if (block.status() == BlockStatus.BLOCKER || block.active()) {
        return;
      }
      if (block.waiting()) {
        if (requirementsMet(block, byKey)) {
          block.release();
        }
        return;
      }
    }
  }

  /** Every waiting block whose requirements hold, up to maxParallel active at once. */
  private static void releaseParallel(List<BlockRow> blocks, Integer maxParallel) {
    long active = blocks.stream().filter(BlockRow::active).count();
    Map<String, BlockRow> byKey = new HashMap<>();
    for (BlockRow block : blocks) {
      byKey.put(block.matchKey, block);
      if (block.status() == BlockStatus.BLOCKER) {
        return;
      }
      if (maxParallel != null && active >= maxParallel) {
        return;
      }
      if (block.waiting() && requirementsMet(block, byKey)) {
        block.release();
        active++;
      }
    }
  }
}
