package io.blockline.engine;

import io.blockline.api.Events;
import io.blockline.block.BlockRow;
import io.blockline.block.BlockStatus;
import io.blockline.block.ClaimedRun;
import io.blockline.session.SessionRow;
import io.blockline.store.ChangeStore;
import io.blockline.store.RangeClaims;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns what an engine transaction decided into the {@link ChangeStore.Changes} to write (only what
 * changed) and, once written, into the {@link Effects} the commit must cause outside the database.
 */
final class BatchWriter {
  private final String nodeId;
  private final long leaseMs;
  private final RangeClaims ranges;

  BatchWriter(String nodeId, long leaseMs, RangeClaims ranges) {
    this.nodeId = nodeId;
    this.leaseMs = leaseMs;
    this.ranges = ranges;
  }

  /** Writes the batch's changes; completes with the blocks this transaction claimed directly, for the workers. */
  Future<List<ClaimedRun>> write(SqlConnection conn, PlanningBatch batch, Effects effects) {
    List<BlockRow> dirty = batch.byId.values().stream().filter(BlockRow::dirty).toList();
    // A session whose blocks change is written too, even when its status and counts stay: any
    // change must move its version, or another node's snapshot of it would still pass for current.
    Set<Long> blocksChanged = dirty.stream().map(b -> b.sessionId).collect(Collectors.toSet());
    List<SessionRow> sessions = batch.sessions.values().stream()
        .filter(s -> s.dirty() || blocksChanged.contains(s.id) || batch.releaseAllWaiting.contains(s.id)).toList();
    Long[] notify = batch.sessions.values().stream()
        .filter(s -> s.hasCallback && s.status() != s.loadedStatus && s.status().resting())
        .map(s -> s.id).toArray(Long[]::new);
    effects.deliveriesEnqueued = notify.length > 0;
    Long[] releaseAll = batch.releaseAllWaiting.toArray(Long[]::new);
    ChangeStore.Changes changes = new ChangeStore.Changes(dirty, sessions, batch.runs, batch.merges, notify, releaseAll);
    return ChangeStore.write(conn, changes, nodeId, leaseMs, ranges).map(written -> {
      // Started sessions' blocks, all due now (a plain session has no delays): the claim loop looks
      // now, from the head of blocks_claimable if any was released there; blocks handed to lanes
      // need no such scan (every claim reads the lanes from their head). The wake timer is left
      // alone: its probe of the due times walks the entries every recent claim left dead at the
      // head of blocks_due, which under a large drain cost more than the release saved.
      if (written.releasedAtStart() > 0) {
        effects.released = true;
      } else if (releaseAll.length > 0) {
        effects.lanesAdded = true;
      }
      collectEffects(batch, dirty, effects);
      return written.claimed();
    });
  }

  private static void collectEffects(PlanningBatch batch, List<BlockRow> dirty, Effects effects) {
    for (BlockRow b : dirty) {
      SessionRow s = batch.sessions.get(b.sessionId);
      if (b.status() != b.loadedStatus) {
        effects.events.add(Events.blockStatus(s.token, b.token, b.key, b.status().name()));
      }
      if (b.released() && b.status() == BlockStatus.STANDBY) {
        effects.released = true;
        if (b.due() == BlockRow.Due.RELEASE && b.delayMs > 0) {
          effects.delayedRelease = true;
        }
      }
    }
    for (SessionRow s : batch.sessions.values()) {
      if (s.status() != s.loadedStatus) {
        effects.events.add(Events.sessionStatus(s.token, s.status().name()));
      }
    }
  }
}
