package io.blockline.engine;

import io.blockline.block.BlockCounts;
import io.blockline.block.BlockRow;
import io.blockline.block.BlockStatus;
import io.blockline.session.SessionRow;
import io.blockline.store.BlockStore;
import io.blockline.store.ChangeStore;
import io.blockline.store.SessionStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows one engine transaction works on: the locked sessions, the blocks that matter to them
 * (see {@code BlockSql.LOAD_FOR_PLANNING}), per-session counts of all their blocks, and what the
 * transaction adds (run records, proceed merges).
 */
final class PlanningBatch {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PlanningBatch.class);
  /**
   * Waiting blocks loaded per sequential session: a step releases the next one, so a few would
   * do for the plan; more are loaded only if all of these get skipped. A chain's steps plan from
   * the node's snapshot, which holds this window, and the snapshot is read back (two statements
   * more) once it holds fewer than {@link SessionSnapshots#MIN_WAITING_HELD}: with 16 that is one
   * step in 15, with 4 it was one in 3 (measured: {@code sequential} ≈ 5 % faster with 16).
   */
  static final int SEQUENTIAL_WINDOW = 16;

  final Map<Long, SessionRow> sessions = new LinkedHashMap<>();
  final Map<Long, List<BlockRow>> bySession = new HashMap<>();
  final Map<Long, BlockRow> byId = new LinkedHashMap<>();
  final Map<Long, BlockCounts> counts = new HashMap<>();
  final List<ChangeStore.Merge> merges = new ArrayList<>();
  final List<ChangeStore.Run> runs = new ArrayList<>();
  /** Sessions whose waiting blocks this transaction releases with one statement, unloaded. */
  final Set<Long> releaseAllWaiting = new java.util.LinkedHashSet<>();

  /**
   * Locks the sessions (id order) and loads what the planner needs; {@code full}: sessions to load
   * whole. The statements are pipelined: PostgreSQL runs them in order, so the reads see the
   * state under the locks, at the cost of one round trip.
   */
  static Future<PlanningBatch> load(SqlConnection conn, Long[] sessionIds, Long[] targets, Set<Long> full) {
    PlanningBatch batch = new PlanningBatch();
    Future<Void> lock = SessionStore.lock(conn, sessionIds).map(rows -> {
      rows.forEach(s -> batch.sessions.put(s.id, s));
      return null;
    });
    // A cancel stops the session's lane first: a claim holding it finishes before, and the loads
    // behind see the ranges it took (their blocks running, to be stopped).
    Future<Void> lanesStopped = full.isEmpty() ? Future.succeededFuture()
        : BlockStore.deleteLanes(conn, full.toArray(Long[]::new));
    Future<Map<Long, Integer>> running = BlockStore.runningCounts(conn, sessionIds);
    Future<Void> windows = batch.loadWindows(conn, sessionIds, targets, null);
    Future<Void> whole = full.isEmpty() ? Future.succeededFuture()
        : BlockStore.loadAllForPlanning(conn, full.toArray(Long[]::new)).map(rows -> {
          batch.addAll(rows);
          return null;
        });
    return Future.all(List.of(lock, lanesStopped, running, windows, whole)).compose(v -> {
      batch.sessions.values().forEach(s -> batch.counts.put(s.id, s.counts(running.result().getOrDefault(s.id, 0))));
      Long[] drifted = batch.counts.entrySet().stream().filter(e -> e.getValue().impossible())
          .map(Map.Entry::getKey).toArray(Long[]::new);
      return drifted.length == 0 ? Future.succeededFuture(batch) : batch.recount(conn, drifted);
    });
  }

  /** The batch a load would read now, from snapshots this node kept (see {@link SessionSnapshots}): no I/O. */
  static PlanningBatch resume(List<SessionSnapshots.Snapshot> snapshots) {
    PlanningBatch batch = new PlanningBatch();
    for (SessionSnapshots.Snapshot snapshot : snapshots) {
      SessionRow session = snapshot.session().committed(false);
      batch.sessions.put(session.id, session);
      batch.counts.put(session.id, session.counts(snapshot.running()));
      for (BlockRow frozen : snapshot.blocks()) {
        BlockRow block = frozen.committed();
        batch.byId.put(block.id, block);
        batch.bySession.computeIfAbsent(block.sessionId, k -> new ArrayList<>()).add(block);
      }
    }
    batch.bySession.values().forEach(list -> list.sort(Comparator.comparingInt(b -> b.seq)));
    return batch;
  }

  /** A safety net: sessions whose tally cannot be right are counted from their blocks (and fixed on write). */
  private Future<PlanningBatch> recount(SqlConnection conn, Long[] sessionIds) {
    LOG.warn("session tally drifted, recounting sessions={}", java.util.Arrays.toString(sessionIds));
    return BlockStore.recount(conn, sessionIds).map(recounted -> {
      counts.putAll(recounted);
      for (Long id : sessionIds) {
        sessions.get(id).forceTallyWrite();
      }
      return this;
    });
  }

  /** Loads the next waiting window of sessions already locked (after the waiting rows loaded so far). */
  Future<Void> loadWindows(SqlConnection conn, Collection<SessionRow> of, Map<Long, Integer> after) {
    return loadWindows(conn, of.stream().map(s -> s.id).toArray(Long[]::new), null, after);
  }

  private Future<Void> loadWindows(SqlConnection conn, Long[] ids, Long[] targets, Map<Long, Integer> after) {
    Integer[] afterSeq = new Integer[ids.length];
    for (int i = 0; i < ids.length; i++) {
      afterSeq[i] = after == null ? -1 : after.getOrDefault(ids[i], -1);
    }
    return BlockStore.loadForPlanning(conn, ids, SEQUENTIAL_WINDOW, afterSeq, targets == null ? new Long[0] : targets)
        .map(rows -> {
          addAll(rows);
          return null;
        });
  }

  private void addAll(List<BlockRow> rows) {
    for (BlockRow block : rows) {
      if (!byId.containsKey(block.id)) {
        byId.put(block.id, block);
        bySession.computeIfAbsent(block.sessionId, k -> new ArrayList<>()).add(block);
      }
    }
    bySession.values().forEach(list -> list.sort(Comparator.comparingInt(b -> b.seq)));
  }

  List<BlockRow> blocksOf(long sessionId) {
    return bySession.getOrDefault(sessionId, List.of());
  }

  BlockCounts countsOf(long sessionId) {
    return counts.getOrDefault(sessionId, new BlockCounts());
  }

  /** The last seq of this session's loaded rows that were waiting when loaded (-1 if none). */
  int lastWaitingSeq(long sessionId) {
    int last = -1;
    for (BlockRow b : blocksOf(sessionId)) {
      if (b.loadedStatus == BlockStatus.STANDBY && !b.loadedReleased) {
        last = Math.max(last, b.seq);
      }
    }
    return last;
  }
}
