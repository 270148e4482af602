package io.blockline.claim;

import io.blockline.store.BlockStore;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Deletes this node's ranges (V14) once every run a claim handed out of them had its outcome
 * committed: a range left behind would be read by every count of its session until its lease
 * ended. A range with an outcome that was not committed is left to end its lease: the rescue
 * then turns what it still holds into running rows. Used from the claim loop's context only.
 */
final class RangeSettling {
  private static final Logger LOG = LoggerFactory.getLogger(RangeSettling.class);

  private record Range(long sessionId, long salt) {
  }

  /** Runs not settled yet, and whether any outcome failed to commit, per range. */
  private static final class Outstanding {
    int runs;
    boolean lost;
  }

  private final Pool pool;
  private final Map<Range, Outstanding> outstanding = new HashMap<>();

  RangeSettling(Pool pool) {
    this.pool = pool;
  }

  void dispatched(long sessionId, long salt) {
    outstanding.computeIfAbsent(new Range(sessionId, salt), k -> new Outstanding()).runs++;
  }

  /** A run's outcome was committed ({@code written}) or gave up on. */
  void settled(long sessionId, long salt, boolean written) {
    Range range = new Range(sessionId, salt);
    Outstanding left = outstanding.get(range);
    if (left == null) {
      return;
    }
    left.lost |= !written;
    if (--left.runs > 0) {
      return;
    }
    outstanding.remove(range);
    if (!left.lost) {
      BlockStore.deleteSettledRanges(pool, new Long[] {sessionId}, new Long[] {salt})
          .onFailure(e -> LOG.warn("settled range not deleted session={}: {}", sessionId, e.toString()));
    }
  }
}
