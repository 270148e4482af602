package io.blockline.store;

import io.blockline.block.BlockRow;
import io.blockline.block.ClaimedRun;
import io.blockline.block.RunRecord;
import io.blockline.session.SessionRow;
import io.blockline.session.SessionStatus;
import io.blockline.session.Tally;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes what one engine transaction decided with a few set-based statements, whatever the batch
 * size: changed blocks (guarded by the status and lease token each was loaded with, so a row a
 * claim or a rescue changed meanwhile fails the batch with {@link ConcurrentChange}), proceed merges, run records, changed
 * sessions (one version further), and the delivery outbox rows of sessions that came to rest.
 */
public final class ChangeStore {
  private ChangeStore() {
  }

  /** A run to record: which block and attempt, and what the worker reported. */
  public record Run(long blockId, int attempt, RunRecord run) {
  }

  /**
   * What a write did beyond its rows: the blocks it claimed directly, for the workers, and how
   * many blocks the starts it made released one by one (the others went to lanes, V14).
   */
  public record Written(List<ClaimedRun> claimed, int releasedAtStart) {
  }

  /** A proceed's data, merged into the paused block's result. */
  public record Merge(long blockId, JsonObject data) {
  }

  /**
   * One transaction's writes.
   *
   * @param blocks          the changed blocks
   * @param sessions        the sessions to write (changed, or whose blocks changed: any change moves the version)
   * @param notifySessions  sessions whose callback must hear of the status they came to rest in
   * @param releaseAllWaiting sessions whose waiting blocks are all released, unloaded (or handed to a lane, V14)
   */
  public record Changes(List<BlockRow> blocks, List<SessionRow> sessions, List<Run> runs, List<Merge> merges,
                        Long[] notifySessions, Long[] releaseAllWaiting) {
  }

  /**
   * Sends every statement at once (pipelined on the transaction's connection; PostgreSQL runs
   * them in order), so a batch costs one round trip, the COMMIT the caller sends behind them
   * included.
   */
  public static Future<Written> write(SqlClient conn, Changes changes, String nodeId, long leaseMs,
                                               RangeClaims ranges) {
    List<Future<?>> statements = new ArrayList<>();
    // A completion changes blocks and records runs (in runs, or in the block's row): one statement
    // for both, and for the sessions too when none of them reads its output from those blocks (a
    // sequential chain's steps).
    List<Object> runParams = runParams(changes.runs());
    List<SessionRow> sessions = changes.sessions();
    boolean completion = !changes.runs().isEmpty() || changes.blocks().stream().anyMatch(b -> b.runInRow() != null);
    boolean sessionsRide = !changes.blocks().isEmpty() && completion && !sessions.isEmpty()
        && changes.merges().isEmpty()
        && sessions.stream().noneMatch(s -> s.status() == SessionStatus.SUCCESS || s.status() == SessionStatus.PAUSED);
    if (!changes.blocks().isEmpty()) {
      statements.add(writeBlocks(conn, changes.blocks(), nodeId, leaseMs, runParams,
          sessionsRide ? sessionParams(sessions) : List.of()));
    } else if (!changes.runs().isEmpty()) {
      statements.add(conn.preparedQuery(BlockSql.INSERT_RUNS).execute(Tuple.tuple(runParams)));
    }
    for (Merge merge : changes.merges()) {
      statements.add(conn.preparedQuery(BlockSql.MERGE_RESULT).execute(Tuple.of(merge.blockId(), merge.data().encode())));
    }
    if (!sessions.isEmpty() && !sessionsRide) {
      statements.add(conn.preparedQuery(SessionSql.UPDATE_MANY).execute(Tuple.tuple(sessionParams(sessions))));
    }
    Future<Integer> releasedAtStart = changes.releaseAllWaiting().length == 0 ? Future.succeededFuture(0)
        : conn.preparedQuery(BlockSql.START_WAITING)
            .execute(Tuple.of(changes.releaseAllWaiting(), ranges.enabled(), ranges.excludedTypesArray()))
            .map(SqlResult::rowCount);
    statements.add(releasedAtStart);
    // The outbox row commits with the state it reports, or not at all.
    if (changes.notifySessions().length > 0) {
      statements.add(conn.preparedQuery(DeliverySql.ENQUEUE).execute(Tuple.of((Object) changes.notifySessions())));
    }
    Long[] claimed = changes.blocks().stream().filter(b -> b.directLease() != null).map(b -> b.id).toArray(Long[]::new);
    Future<List<ClaimedRun>> runs = claimed.length == 0 ? Future.succeededFuture(List.of())
        : BlockStore.claimedRuns(conn, claimed);
    statements.add(runs);
    return Future.all(statements).map(all -> new Written(runs.result(), releasedAtStart.result()));
  }

  /**
   * {@link BlockSql#UPDATE_MANY} with {@code runs} ({@link BlockSql#INSERT_RUNS}'s parameters, empty
   * arrays for none), and with {@code sessions} ({@link SessionSql#UPDATE_MANY}'s) when given.
   */
  private static Future<Void> writeBlocks(SqlClient conn, List<BlockRow> dirty, String nodeId, long leaseMs,
                                          List<Object> runs, List<Object> sessions) {
    int n = dirty.size();
    Long[] ids = new Long[n];
    String[] expected = new String[n], statuses = new String[n], due = new String[n], reasons = new String[n];
    String[] results = new String[n], errors = new String[n];
    Long[] dueMs = new Long[n];
    Integer[] attempts = new Integer[n], replays = new Integer[n], executions = new Integer[n];
    Boolean[] resultChanged = new Boolean[n], errorChanged = new Boolean[n];
    UUID[] leases = new UUID[n], loadedLeases = new UUID[n];
    OffsetDateTime[] runStarted = new OffsetDateTime[n], runFinished = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      BlockRow b = dirty.get(i);
      RunRecord run = b.runInRow();
      if (run != null) {
        runStarted[i] = time(run.startedAtMs());
        runFinished[i] = time(run.finishedAtMs());
      }
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
      loadedLeases[i] = b.leaseToken;
      executions[i] = b.executions();
    }
    List<Object> params = new ArrayList<>(List.of(ids, expected, statuses, due, dueMs, attempts, replays, reasons,
        resultChanged, results, errorChanged, errors, leases, executions, nodeId, leaseMs, loadedLeases, runStarted,
        runFinished));
    params.addAll(runs);
    params.addAll(sessions);
    String sql = sessions.isEmpty() ? BlockSql.UPDATE_MANY : BlockSql.UPDATE_MANY_AND_SESSIONS;
    return conn.preparedQuery(sql).execute(Tuple.tuple(params)).<Void>mapEmpty().recover(e ->
        Future.failedFuture(ConcurrentChange.isSerializationFailure(e)
            ? new ConcurrentChange(((PgException) e).getErrorMessage()) : e));
  }

  private static List<Object> runParams(List<Run> runs) {
    int n = runs.size();
    Long[] blockIds = new Long[n];
    Integer[] attempts = new Integer[n], items = new Integer[n];
    OffsetDateTime[] started = new OffsetDateTime[n], finished = new OffsetDateTime[n];
    String[] statuses = new String[n], errors = new String[n];
    for (int i = 0; i < n; i++) {
      Run r = runs.get(i);
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

  private static List<Object> sessionParams(List<SessionRow> sessions) {
    int n = sessions.size();
    Long[] ids = new Long[n], paused = new Long[n];
    String[] statuses = new String[n];
    Boolean[] start = new Boolean[n], cancelled = new Boolean[n];
    Integer[] success = new Integer[n], failed = new Integer[n], blocker = new Integer[n], prep = new Integer[n];
    Integer[] waiting = new Integer[n];
    for (int i = 0; i < n; i++) {
      SessionRow s = sessions.get(i);
      Tally tally = s.tally();
      ids[i] = s.id;
      statuses[i] = s.status().name();
      start[i] = s.startRequested();
      cancelled[i] = s.cancelled();
      paused[i] = s.pausedBlock() == null ? 0L : s.pausedBlock();
      success[i] = tally.success();
      failed[i] = tally.failed();
      blocker[i] = tally.blocker();
      prep[i] = tally.prep();
      waiting[i] = tally.waiting();
    }
    return List.of(ids, statuses, start, cancelled, paused, success, failed, blocker, prep, waiting);
  }

  private static OffsetDateTime time(long epochMs) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
  }
}
