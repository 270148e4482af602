package io.blockline.session;

import io.blockline.block.BlockCounts;
import io.blockline.block.BlockRow;
import io.blockline.block.BlockStatus;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, from a session's blocks as they stand, which waiting blocks are released, which are
 * skipped or re-armed, and the session's status. Pure: no I/O, no clock.
 *
 * <p>It works on the blocks that matter plus counts of the rest: the engine loads the failed
 * blocks, the first waiting ones and what they require, never every SUCCESS block of a large
 * session. A block that is not loaded is therefore SUCCESS, running or released, or waiting
 * beyond the loaded window.
 */
public final class SessionPlanner {
  private SessionPlanner() {
  }

  /** @param blocks all of the session's blocks in seq order; mutated in place */
  public static SessionStatus plan(SessionRow session, List<BlockRow> blocks) {
    return plan(session, blocks, BlockCounts.of(blocks).withChanges(List.of()), blocks);
  }

  /**
   * @param loaded      the loaded blocks in seq order; mutated in place
   * @param dbCounts    the session's counts as stored, before any change in this transaction
   * @param changedRows every loaded row, to adjust the counts for what commands changed
   */
  public static SessionStatus plan(SessionRow session, List<BlockRow> loaded, BlockCounts dbCounts,
                                   List<BlockRow> changedRows) {
    settleRequirements(loaded);
    if (session.started() && !session.cancelled() && !session.paused()) {
      int active = dbCounts.withChanges(changedRows).active();
      if (session.mode == SessionMode.PARALLEL) {
        releaseParallel(loaded, session.maxParallel, active);
      } else if (active == 0) {
        releaseSequential(loaded);
      }
    }
    return SessionStatus.derive(dbCounts.withChanges(changedRows).byStatus(), session.cancelled(), session.paused());
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

  /** One block at a time in creation order (nothing is active); a failed blocker stops the walk. */
  private static void releaseSequential(List<BlockRow> blocks) {
    Map<String, BlockRow> byKey = new HashMap<>();
    for (BlockRow block : blocks) {
      byKey.put(block.matchKey, block);
      if (block.status() == BlockStatus.BLOCKER) {
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
  private static void releaseParallel(List<BlockRow> blocks, Integer maxParallel, int active) {
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
