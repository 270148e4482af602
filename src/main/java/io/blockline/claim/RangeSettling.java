package io.blockline.claim;

import io.blockline.store.BlockStore;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Deletes this node's ranges (V14) once every run a claim handed out of them had its outcome
 * committed: a range left behind would be read by every count of its session until its lease
 * ended. A range with an outcome that was not committed is left to end its lease: the rescue
 * then turns what it still holds into running rows. One delete at a time: ranges settled while
 * one is in flight go together in the next. Used from the claim loop's context only.
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
  private final List<Range> settled = new ArrayList<>();
  private boolean deleting;

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
      settled.add(range);
      deleteSettled();
    }
  }

  private void deleteSettled() {
    if (deleting || settled.isEmpty()) {
      return;
    }
    Long[] sessions = settled.stream().map(Range::sessionId).toArray(Long[]::new);
    Long[] salts = settled.stream().map(Range::salt).toArray(Long[]::new);
    settled.clear();
    deleting = true;
    BlockStore.deleteSettledRanges(pool, sessions, salts)
        .onFailure(e -> LOG.warn("settled ranges not deleted ranges={}: {}", sessions.length, e.toString()))
        .onComplete(ar -> {
          deleting = false;
          deleteSettled();
        });
  }
}
