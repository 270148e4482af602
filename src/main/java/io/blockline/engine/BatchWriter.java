package io.blockline.engine;

import io.blockline.api.Events;
import io.blockline.block.BlockRow;
import io.blockline.session.SessionRow;
import io.blockline.store.ConcurrentChange;

import io.blockline.store.BlockSql;
import io.blockline.block.BlockStatus;
import io.blockline.store.DeliverySql;
import io.blockline.store.SessionSql;
import io.blockline.session.SessionStatus;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes what an engine transaction decided with a few set-based statements, whatever the batch
 * size: changed blocks (guarded by the status they were loaded with), proceed merges, run
 * records, changed sessions, and the delivery outbox rows of sessions that came to rest.
 */
final class BatchWriter {
  private final String nodeId;
  private final long leaseMs;

  BatchWriter(String nodeId, long leaseMs) {
    this.nodeId = nodeId;
    this.leaseMs = leaseMs;
  }

  /**
   * Sends every statement at once (pipelined on the transaction's connection; PostgreSQL runs
   * them in order), so a batch costs one round trip, the COMMIT the caller sends behind them
   * included. Completes with the rows of blocks this transaction claimed directly, for the workers.
   */
  Future<List<Row>> write(SqlConnection conn, PlanningBatch batch, Effects effects) {
    List<BlockRow> dirty = batch.byId.values().stream().filter(BlockRow::dirty).toList();
    List<Future<?>> statements = new ArrayList<>();
    // A session whose blocks change is written too, even when its status and counts stay: any
    // change must move its version, or another node's snapshot of it would still pass for current.
    Set<Long> blocksChanged = dirty.stream().map(b -> b.sessionId).collect(Collectors.toSet());
    List<SessionRow> sessions = batch.sessions.values().stream()
        .filter(s -> s.dirty() || blocksChanged.contains(s.id)).toList();
    // A completion changes blocks and records runs: one statement for both, and for the sessions
    // too when none of them reads its output from those blocks (a sequential chain's steps).
    List<Object> runParams = batch.runs.isEmpty() ? List.of() : runParams(batch.runs);
    boolean sessionsRide = !dirty.isEmpty() && !runParams.isEmpty() && !sessions.isEmpty() && batch.merges.isEmpty()
        && sessions.stream().noneMatch(s -> s.status() == SessionStatus.SUCCESS || s.status() == SessionStatus.PAUSED);
    if (!dirty.isEmpty()) {
      statements.add(writeBlocks(conn, dirty, runParams, sessionsRide ? sessionParams(sessions) : List.of()));
    } else if (!runParams.isEmpty()) {
      statements.add(conn.preparedQuery(BlockSql.INSERT_RUNS).execute(Tuple.tuple(runParams)));
    }
    for (Tuple merge : batch.merges) {
      statements.add(conn.preparedQuery(BlockSql.MERGE_RESULT).execute(merge));
    }
    if (!sessions.isEmpty() && !sessionsRide) {
      statements.add(writeSessions(conn, sessions));
    }
    // The outbox row commits with the state it reports, or not at all.
    Long[] notify = batch.sessions.values().stream()
        .filter(s -> s.hasCallback && s.status() != s.loadedStatus && s.status().resting())
        .map(s -> s.id).toArray(Long[]::new);
    if (notify.length > 0) {
      effects.deliveriesEnqueued = true;
      statements.add(conn.preparedQuery(DeliverySql.ENQUEUE).execute(Tuple.of((Object) notify)));
    }
    Long[] claimed = dirty.stream().filter(b -> b.directLease() != null).map(b -> b.id).toArray(Long[]::new);
    Future<List<Row>> runs = claimed.length == 0 ? Future.succeededFuture(List.of())
        : conn.preparedQuery(BlockSql.CLAIMED_RUNS).execute(Tuple.of((Object) claimed)).map(rows -> {
          List<Row> list = new ArrayList<>();
          rows.forEach(list::add);
          return list;
        });
    statements.add(runs);
    return Future.all(statements).map(all -> {
      collectEffects(batch, dirty, effects);
      return runs.result();
    });
  }

  /**
   * {@link BlockSql#UPDATE_MANY}, with {@code runs} ({@link BlockSql#INSERT_RUNS}'s parameters) when
   * there are any, and then with {@code sessions} ({@link SessionSql#UPDATE_MANY}'s) when given.
   */
  private Future<Void> writeBlocks(SqlConnection conn, List<BlockRow> dirty, List<Object> runs, List<Object> sessions) {
    int n = dirty.size();
    Long[] ids = new Long[n];
    String[] expected = new String[n], statuses = new String[n], due = new String[n], reasons = new String[n];
    String[] results = new String[n], errors = new String[n];
    Long[] dueMs = new Long[n];
    Integer[] attempts = new Integer[n], replays = new Integer[n], executions = new Integer[n];
    Boolean[] resultChanged = new Boolean[n], errorChanged = new Boolean[n];
    java.util.UUID[] leases = new java.util.UUID[n];
    for (int i = 0; i < n; i++) {
      BlockRow b = dirty.get(i);
      ids[i] = b.id;
      expected[i] = b.loadedStatus.name();
      statuses[i] = b.status().name();
      due[i] = b.due().name();
      dueMs[i] = b.dueDelayMs();
      attempts[i] = b.attempts();
      replays[i] = b.replayCount();
      reasons[i] = b.reason();
      resultChanged[i] = b.resultChanged();
      results[i] = b.result() == null ? null : b.result().encode();
      errorChanged[i] = b.errorChanged();
      errors[i] = b.error() == null ? null : b.error().encode();
      leases[i] = b.directLease();
      executions[i] = b.executions();
    }
    List<Object> params = new ArrayList<>(List.of(ids, expected, statuses, due, dueMs, attempts, replays, reasons,
        resultChanged, results, errorChanged, errors, leases, executions, nodeId, leaseMs));
    params.addAll(runs);
    params.addAll(sessions);
    String sql = runs.isEmpty() ? BlockSql.UPDATE_MANY
        : sessions.isEmpty() ? BlockSql.UPDATE_MANY_RECORDING_RUNS : BlockSql.UPDATE_MANY_RECORDING_RUNS_AND_SESSIONS;
    return conn.preparedQuery(sql).execute(Tuple.tuple(params)).<Void>mapEmpty().recover(e ->
        Future.failedFuture(e instanceof PgException pg && "40001".equals(pg.getSqlState())
            ? new ConcurrentChange(pg.getErrorMessage()) : e));
  }

  private static List<Object> runParams(List<PlanningBatch.BlockRun> runs) {
    int n = runs.size();
    Long[] blockIds = new Long[n];
    Integer[] attempts = new Integer[n], items = new Integer[n];
    OffsetDateTime[] started = new OffsetDateTime[n], finished = new OffsetDateTime[n];
    String[] statuses = new String[n], errors = new String[n];
    for (int i = 0; i < n; i++) {
      PlanningBatch.BlockRun r = runs.get(i);
      blockIds[i] = r.blockId();
      attempts[i] = r.attempt();
      items[i] = r.run().item();
      started[i] = time(r.run().startedAtMs());
      finished[i] = time(r.run().finishedAtMs());
      statuses[i] = r.run().status();
      errors[i] = r.run().error() == null ? null : r.run().error().encode();
    }
    return List.of(blockIds, attempts, items, started, finished, statuses, errors);
  }

  private Future<Void> writeSessions(SqlConnection conn, List<SessionRow> sessions) {
    return conn.preparedQuery(SessionSql.UPDATE_MANY).execute(Tuple.tuple(sessionParams(sessions))).mapEmpty();
  }

  private static List<Object> sessionParams(List<SessionRow> sessions) {
    int n = sessions.size();
    Long[] ids = new Long[n], paused = new Long[n];
    String[] statuses = new String[n];
    Boolean[] start = new Boolean[n], cancelled = new Boolean[n];
    Integer[] success = new Integer[n], failed = new Integer[n], blocker = new Integer[n], prep = new Integer[n];
    Integer[] waiting = new Integer[n];
    for (int i = 0; i < n; i++) {
      SessionRow s = sessions.get(i);
      ids[i] = s.id;
      statuses[i] = s.status().name();
      start[i] = s.startRequested();
      cancelled[i] = s.cancelled();
      paused[i] = s.pausedBlock() == null ? 0L : s.pausedBlock();
      success[i] = s.nSuccess;
      failed[i] = s.nFailed;
      blocker[i] = s.nBlocker;
      prep[i] = s.nPrep;
      waiting[i] = s.nWaiting;
    }
    return List.of(ids, statuses, start, cancelled, paused, success, failed, blocker, prep, waiting);
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

  private static OffsetDateTime time(long epochMs) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
  }

}
