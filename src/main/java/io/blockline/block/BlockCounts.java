package io.blockline.block;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How many blocks of one session are in each status (and how many STANDBY ones are released),
 * so the planner and the status rules need not load every block of a large session: the
 * database counts them, and the blocks loaded and changed in memory adjust the counts.
 */
public final class BlockCounts {
  private final EnumMap<BlockStatus, Integer> byStatus = new EnumMap<>(BlockStatus.class);
  private int releasedStandby;

  /** Counts of exactly these blocks (the whole session). */
  public static BlockCounts of(List<BlockRow> blocks) {
    BlockCounts counts = new BlockCounts();
    blocks.forEach(b -> counts.add(b.status(), b.released(), 1));
    return counts;
  }

  /**
   * Counts from a session's stored tally plus its running blocks. Failed blocks other than
   * blockers are filed under ERROR: the status rules only ask how many are terminal.
   */
  public static BlockCounts fromTally(int total, int success, int failed, int blocker, int prep, int waiting,
                                      int running) {
    BlockCounts counts = new BlockCounts();
    int released = total - success - failed - prep - waiting - running;
    counts.add(BlockStatus.SUCCESS, false, success);
    counts.add(BlockStatus.ERROR, false, failed - blocker);
    counts.add(BlockStatus.BLOCKER, false, blocker);
    counts.add(BlockStatus.PREP, false, prep);
    counts.add(BlockStatus.STANDBY, false, waiting);
    counts.add(BlockStatus.STANDBY, true, released);
    counts.add(BlockStatus.RUNNING, false, running);
    return counts;
  }

  /** A tally that cannot be (a negative bucket): it drifted from the blocks and must be recounted. */
  public boolean impossible() {
    return releasedStandby < 0 || byStatus.values().stream().anyMatch(n -> n < 0);
  }

  public int success() {
    return byStatus.getOrDefault(BlockStatus.SUCCESS, 0);
  }

  /** Terminal and not SUCCESS. */
  public int failed() {
    int failed = 0;
    for (Map.Entry<BlockStatus, Integer> e : byStatus.entrySet()) {
      if (e.getKey().failed()) {
        failed += e.getValue();
      }
    }
    return failed;
  }

  public int blocker() {
    return byStatus.getOrDefault(BlockStatus.BLOCKER, 0);
  }

  public int prep() {
    return byStatus.getOrDefault(BlockStatus.PREP, 0);
  }

  /** Adds {@code n} blocks in this state. */
  public void add(BlockStatus status, boolean released, int n) {
    byStatus.merge(status, n, Integer::sum);
    if (status == BlockStatus.STANDBY && released) {
      releasedStandby += n;
    }
  }

  /** These database counts, with the loaded blocks' changes applied. */
  public BlockCounts withChanges(List<BlockRow> loaded) {
    BlockCounts now = new BlockCounts();
    now.byStatus.putAll(byStatus);
    now.releasedStandby = releasedStandby;
    for (BlockRow b : loaded) {
      now.add(b.loadedStatus, b.loadedReleased, -1);
      now.add(b.status(), b.released(), 1);
    }
    return now;
  }

  /**
   * These database counts with {@code n} waiting blocks released by a statement, not one by one
   * ({@code BlockSql.START_WAITING}): {@code n} is what still waits once the loaded blocks'
   * changes are applied ({@code withChanges(loaded).waiting()}), so that applying those changes
   * to the result afterwards counts every block once.
   */
  public BlockCounts withWaitingReleased(int n) {
    BlockCounts now = withChanges(List.of());
    now.releasedStandby += n;
    return now;
  }

  /** Running or released (claimable now or after a delay): what holds a session's turn. */
  public int active() {
    return byStatus.getOrDefault(BlockStatus.RUNNING, 0) + releasedStandby;
  }

  /** STANDBY and not released: waiting for the planner. */
  public int waiting() {
    return byStatus.getOrDefault(BlockStatus.STANDBY, 0) - releasedStandby;
  }

  public Map<BlockStatus, Integer> byStatus() {
    return byStatus;
  }
}
