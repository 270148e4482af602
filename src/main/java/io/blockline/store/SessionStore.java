package io.blockline.store;

import io.blockline.block.ClaimPosition;
import io.blockline.block.ClaimedRun;
import io.blockline.db.Transactions;
import io.blockline.session.BlockSpec;
import io.blockline.session.ExecutionTime;
import io.blockline.session.PreparedSession;
import io.blockline.session.SessionMode;
import io.blockline.session.SessionRow;
import io.blockline.session.SessionStatus;
import io.blockline.session.Submission;
import io.blockline.session.Tally;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Executes {@link SessionSql} and maps its rows: the group-committed submit (sessions and all their
 * blocks in one statement, {@link SessionSql#INSERT_MANY}, claiming the blocks flagged in
 * {@link PreparedSession#claimNow} for this node on the way), the engine's locks and read-backs,
 * the loops' lookups and the deletes. Every method takes the {@link SqlClient} to run on, so the
 * caller picks the transaction. The read side (views, list) is {@link SessionQueries}.
 */
public final class SessionStore {
  private SessionStore() {
  }

  /**
   * Inserts every session of a group commit: one statement, so atomic on its own (the caller
   * wraps it in a transaction only to add a NOTIFY). The head of the queue, where the fair keys
   * start, is looked for only after {@code headAfter} when it is not null
   * ({@link SessionSql#INSERT_MANY_AFTER}). With {@code ranges} on, a plain parallel session
   * started now gets its lane in the same statement ({@link SubmitLanes}).
   *
   * @return the blocks claimed by the insert, for the workers
   */
  public static Future<List<ClaimedRun>> insert(SqlClient client, List<PreparedSession> sessions, String nodeId, long leaseMs,
                                                RangeClaims ranges, ClaimPosition headAfter) {
    List<Object> params = new ArrayList<>(sessionParams(sessions));
    params.addAll(blockParams(sessions));
    params.add(nodeId);
    params.add(leaseMs);
    params.add(requiredSeqs(sessions));
    params.addAll(laneParams(sessions));
    params.add(sessions.stream().map(p -> p.submission.plain()).toArray(Boolean[]::new));
    params.add(BlockStore.leaseSalt());
    params.addAll(laneStarts(sessions, ranges));
    if (headAfter == null) {
      return client.preparedQuery(SessionSql.INSERT_MANY).execute(Tuple.tuple(params)).map(BlockStore::claimedRuns);
    }
    params.add(headAfter.priority());
    params.add(headAfter.fairKey());
    params.add(headAfter.id());
    return client.preparedQuery(SessionSql.INSERT_MANY_AFTER).execute(Tuple.tuple(params)).map(BlockStore::claimedRuns);
  }

  /**
   * Takes the lanes of these owners for the rest of the transaction, then counts their unfinished
   * sessions ({@link SessionSql#LOCK_LANES}, {@link SessionSql#ACTIVE_SESSIONS}).
   *
   * @param lanes owners, '' for none, sorted
   * @return unfinished sessions per lane (absent: none)
   */
  public static Future<Map<String, Integer>> lockLanesCountingActive(SqlClient tx, String[] lanes) {
    Future<?> locked = tx.preparedQuery(SessionSql.LOCK_LANES).execute(Tuple.of((Object) lanes));
    Future<Map<String, Integer>> counted = tx.preparedQuery(SessionSql.ACTIVE_SESSIONS).execute(Tuple.of((Object) lanes))
        .map(rows -> {
          Map<String, Integer> active = new HashMap<>();
          rows.forEach(row -> active.put(row.getString("lane"), row.getInteger("active")));
          return active;
        });
    return Future.all(locked, counted).map(v -> counted.result());
  }

  /** {@link SessionSql#PRUNE_LANES}; completes with the lanes deleted. */
  public static Future<Integer> pruneLanes(Pool pool) {
    return pool.query(SessionSql.PRUNE_LANES).execute().map(rows -> rows.rowCount());
  }

  /** Creates the index of unfinished sessions by owner when it is missing or invalid ({@link SessionSql#UNFINISHED_INDEX}). */
  public static Future<Void> ensureUnfinishedIndex(Pool pool) {
    return pool.query(SessionSql.UNFINISHED_INDEX_VALID).execute().compose(rows -> {
      Boolean valid = rows.size() == 0 ? null : rows.iterator().next().getBoolean(0);
      if (Boolean.TRUE.equals(valid)) {
        return Future.succeededFuture();
      }
      Future<?> cleared = valid == null ? Future.succeededFuture()
          : pool.query(SessionSql.DROP_UNFINISHED_INDEX).execute();
      return cleared.compose(v -> pool.query(SessionSql.UNFINISHED_INDEX).execute()).mapEmpty();
    });
  }

  /** Locks the sessions an engine transaction changes ({@link SessionSql#LOCK}: id order). */
  public static Future<List<SessionRow>> lock(SqlClient client, Long[] ids) {
    return client.preparedQuery(SessionSql.LOCK).execute(Tuple.of((Object) ids)).map(SessionStore::planningRows);
  }

  /** The sessions as {@link #lock} reads them, read back by the transaction that holds their locks. */
  public static Future<List<SessionRow>> readBack(SqlClient client, Long[] ids) {
    return client.preparedQuery(SessionSql.READ_BACK).execute(Tuple.of((Object) ids)).map(SessionStore::planningRows);
  }

  /**
   * Locks sessions a node kept a snapshot of, at the versions it saw; fails with
   * {@link ConcurrentChange} (rolling the transaction back) when any of them moved on.
   */
  public static Future<Void> lockUnchanged(SqlClient client, Long[] ids, Long[] versions) {
    return client.preparedQuery(SessionSql.LOCK_UNCHANGED).execute(Tuple.tuple(List.of(ids, versions))).<Void>mapEmpty()
        .recover(e -> Future.failedFuture(ConcurrentChange.isSerializationFailure(e)
            ? new ConcurrentChange("session changed since this node's snapshot of it") : e));
  }

  /** Ids of the sessions these tokens name; unknown tokens are absent. */
  public static Future<Map<String, Long>> idsByToken(SqlClient client, String[] tokens) {
    return client.preparedQuery(SessionSql.IDS_BY_TOKEN).execute(Tuple.of((Object) tokens)).map(rows -> {
      Map<String, Long> ids = new HashMap<>();
      rows.forEach(r -> ids.put(r.getString("token"), r.getLong("id")));
      return ids;
    });
  }

  /** Sessions of this execution time that have not started, oldest first. */
  public static Future<List<Long>> dueToStart(SqlClient client, ExecutionTime time, int limit) {
    return client.preparedQuery(SessionSql.DUE_TO_START).execute(Tuple.of(time.name(), limit)).map(rows -> {
      List<Long> ids = new ArrayList<>();
      rows.forEach(r -> ids.add(r.getLong("id")));
      return ids;
    });
  }

  /** Deletes a finished session with its blocks and runs; completes with 1, or 0 when it is not finished. */
  public static Future<Integer> deleteFinished(Pool pool, String token) {
    return delete(pool, SessionSql.DELETE_FINISHED, Tuple.of(token));
  }

  /** Deletes up to {@code batch} finished sessions past their retention; completes with how many. */
  public static Future<Integer> prune(Pool pool, long successMs, long failureMs, int batch) {
    return delete(pool, SessionSql.PRUNE, Tuple.of(successMs, failureMs, batch));
  }

  /**
   * Deletes sessions with their blocks and runs, in one transaction: first the sessions (which
   * waits for, then excludes, any engine transaction holding them), then what no foreign key
   * removes for them ({@link SessionSql#DELETE_BLOCKS_OF}).
   */
  private static Future<Integer> delete(Pool pool, String deleteSessions, Tuple params) {
    return Transactions.run(pool, tx -> tx.conn.preparedQuery(deleteSessions).execute(params).compose(rows -> {
      List<Long> ids = new ArrayList<>(rows.rowCount());
      for (Row row : rows) {
        ids.add(row.getLong("id"));
      }
      return ids.isEmpty() ? Future.succeededFuture(0)
          : tx.conn.preparedQuery(SessionSql.DELETE_BLOCKS_OF).execute(Tuple.of((Object) ids.toArray(Long[]::new)))
              .map(ids.size());
    }));
  }

  private static List<SessionRow> planningRows(Iterable<Row> rows) {
    List<SessionRow> sessions = new ArrayList<>();
    for (Row row : rows) {
      sessions.add(new SessionRow(row.getLong("id"), row.getString("token"), row.getString("owner"),
          SessionMode.fromWire(row.getString("mode")), row.getInteger("max_parallel"),
          SessionStatus.valueOf(row.getString("status")), row.getBoolean("started"), row.getBoolean("cancelled"),
          row.getLong("paused_block"), row.getBoolean("has_callback"),
          new Tally(row.getInteger("n_blocks"), row.getInteger("n_success"), row.getInteger("n_failed"),
              row.getInteger("n_blocker"), row.getInteger("n_prep"), row.getInteger("n_waiting")),
          row.getLong("version"), row.getBoolean("plain")));
    }
    return sessions;
  }

  private static List<Object> sessionParams(List<PreparedSession> sessions) {
    int n = sessions.size();
    String[] tokens = new String[n], names = new String[n], owners = new String[n], times = new String[n];
    String[] modes = new String[n], metadata = new String[n], callbacks = new String[n], statuses = new String[n];
    Integer[] priorities = new Integer[n], maxParallel = new Integer[n], blockCounts = new Integer[n];
    Integer[] waiting = new Integer[n];
    Boolean[] started = new Boolean[n];
    for (int i = 0; i < n; i++) {
      PreparedSession p = sessions.get(i);
      Submission s = p.submission;
      tokens[i] = p.token;
      names[i] = s.name();
      owners[i] = s.owner();
      times[i] = s.executionTime().name();
      priorities[i] = s.priority();
      modes[i] = s.mode().wire();
      maxParallel[i] = s.maxParallel();
      metadata[i] = encode(s.metadata());
      callbacks[i] = encode(s.callback());
      started[i] = p.startsNow();
      statuses[i] = p.storedStatus().name();
      blockCounts[i] = s.blockCount();
      int unreleased = 0;
      for (boolean released : p.released) {
        unreleased += released ? 0 : 1;
      }
      waiting[i] = unreleased;
    }
    return List.of(tokens, names, owners, times, priorities, modes, maxParallel, metadata, callbacks,
        started, statuses, blockCounts, waiting);
  }

  private static List<Object> blockParams(List<PreparedSession> sessions) {
    int n = sessions.stream().mapToInt(p -> p.submission.blockCount()).sum();
    String[] tokens = new String[n], keys = new String[n], names = new String[n], handlers = new String[n];
    String[] params = new String[n], datasets = new String[n], requires = new String[n], retries = new String[n];
    String[] sessionToken = new String[n];
    Long[] delays = new Long[n], timeouts = new Long[n];
    Integer[] seqs = new Integer[n], priorities = new Integer[n];
    Boolean[] blocker = new Boolean[n], replayable = new Boolean[n], interrupt = new Boolean[n], released = new Boolean[n];
    Boolean[] claim = new Boolean[n];
    int i = 0;
    for (PreparedSession p : sessions) {
      List<BlockSpec> specs = p.submission.blocks();
      for (int seq = 0; seq < specs.size(); seq++, i++) {
        BlockSpec b = specs.get(seq);
        tokens[i] = p.blockTokens.get(seq);
        sessionToken[i] = p.token;
        seqs[i] = seq;
        keys[i] = b.id();
        names[i] = b.name();
        handlers[i] = encode(b.handler());
        params[i] = encode(b.params());
        datasets[i] = b.dataset() == null ? null : b.dataset().encode();
        requires[i] = new JsonArray(new ArrayList<>(b.requires())).encode();
        blocker[i] = b.blocker();
        replayable[i] = b.replayable();
        retries[i] = encode(b.retry());
        delays[i] = b.delayMs();
        priorities[i] = b.priority();
        timeouts[i] = b.timeoutMs();
        interrupt[i] = b.interrupt();
        released[i] = p.released[seq];
        claim[i] = p.claimNow[seq];
      }
    }
    return List.of(sessionToken, tokens, seqs, keys, names, handlers, params, datasets, requires, blocker,
        replayable, retries, delays, priorities, timeouts, interrupt, released, claim);
  }

  /** Each session's lane start ({@link SubmitLanes}) and, block by block, whether the block is in that lane (0, 1). */
  private static List<Object> laneStarts(List<PreparedSession> sessions, RangeClaims ranges) {
    Integer[] from = new Integer[sessions.size()];
    Boolean[] laned = new Boolean[sessions.stream().mapToInt(p -> p.submission.blockCount()).sum()];
    int i = 0;
    for (int s = 0; s < sessions.size(); s++) {
      PreparedSession p = sessions.get(s);
      from[s] = SubmitLanes.laneFrom(p, ranges);
      for (int seq = 0; seq < p.submission.blockCount(); seq++, i++) {
        laned[i] = from[s] != SubmitLanes.NONE && seq >= from[s];
      }
    }
    return List.of(from, laned);
  }

  /**
   * The fair-share lanes of a batch ($35 to $37 of {@code INSERT_MANY}): each block's distance from
   * the end of its owner's run of blocks in this batch (its key is the lane's new last key minus
   * that), and per owner, sorted, how many blocks the batch adds.
   */
  private static List<Object> laneParams(List<PreparedSession> sessions) {
    TreeMap<String, Long> sizes = new TreeMap<>();
    for (PreparedSession p : sessions) {
      sizes.merge(p.lane(), (long) p.submission.blockCount(), Long::sum);
    }
    Map<String, Long> placed = new HashMap<>();
    Long[] back = new Long[sessions.stream().mapToInt(p -> p.submission.blockCount()).sum()];
    int i = 0;
    for (PreparedSession p : sessions) {
      String lane = p.lane();
      long size = sizes.get(lane);
      long before = placed.getOrDefault(lane, 0L);
      for (int seq = 0; seq < p.submission.blockCount(); seq++, i++) {
        back[i] = size - 1 - (before + seq);
      }
      placed.put(lane, before + p.submission.blockCount());
    }
    return List.of(back, sizes.keySet().toArray(String[]::new), sizes.values().toArray(Long[]::new));
  }

  /** Each block's requirements as the seqs of the blocks they name (ids are unique per session, case-insensitively). */
  private static String[] requiredSeqs(List<PreparedSession> sessions) {
    List<String> all = new ArrayList<>();
    for (PreparedSession p : sessions) {
      List<BlockSpec> specs = p.submission.blocks();
      java.util.Map<String, Integer> seqOf = null;   // built only for a session that has requirements
      for (BlockSpec b : specs) {
        if (b.requires().isEmpty()) {
          all.add("[]");
          continue;
        }
        if (seqOf == null) {
          seqOf = new java.util.HashMap<>();
          for (int seq = 0; seq < specs.size(); seq++) {
            seqOf.put(specs.get(seq).id().toLowerCase(java.util.Locale.ROOT), seq);
          }
        }
        JsonArray seqs = new JsonArray();
        for (String key : b.requires()) {
          seqs.add(seqOf.get(key.toLowerCase(java.util.Locale.ROOT)));
        }
        all.add(seqs.encode());
      }
    }
    return all.toArray(String[]::new);
  }

  private static String encode(JsonObject json) {
    return json == null ? null : json.encode();
  }
}
