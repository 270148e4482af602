package io.blockline.store;

import io.blockline.block.BlockCounts;
import io.blockline.block.BlockRow;
import io.blockline.block.BlockStatus;
import io.blockline.block.ClaimBatch;
import io.blockline.block.ClaimPosition;
import io.blockline.block.ClaimedRun;
import io.blockline.db.Transactions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Executes {@link BlockSql} for the engine, the claim loop and the rescuer, and maps its rows
 * (planning rows, claimed runs, expired leases) — the one place the blocks table's columns meet
 * Java. Every method takes the {@link SqlClient} to run on, so the caller picks the transaction.
 * The read side (views) is {@link BlockQueries}.
 */
public final class BlockStore {
  private static final SecureRandom LEASE_SALTS = new SecureRandom();

  private BlockStore() {
  }

  /** A block's ids, resolved from the token a caller uses. */
  public record BlockIds(long id, long sessionId) {
  }

  /** A running block whose node stopped renewing its lease. */
  public record ExpiredLease(long id, long sessionId, UUID leaseToken, String leasedBy, int attempts,
                             Long startedAtMs) {
  }

  // ---- planning (the engine's transaction) ----

  /** {@link BlockSql#LOAD_FOR_PLANNING}: $1 ids, the waiting window, waiting after these seqs, targets. */
  public static Future<List<BlockRow>> loadForPlanning(SqlClient client, Long[] sessionIds, int window,
                                                       Integer[] afterSeq, Long[] targets) {
    return client.preparedQuery(BlockSql.LOAD_FOR_PLANNING).execute(Tuple.of(sessionIds, window, afterSeq, targets))
        .map(BlockStore::planningRows);
  }

  /** Every block of these sessions, as the planner reads them (a cancel needs them all). */
  public static Future<List<BlockRow>> loadAllForPlanning(SqlClient client, Long[] sessionIds) {
    return client.preparedQuery(BlockSql.LOAD_ALL_FOR_PLANNING).execute(Tuple.of((Object) sessionIds))
        .map(BlockStore::planningRows);
  }

  /** Running blocks per session (the one count the sessions' tallies leave open); absent means 0. */
  public static Future<Map<Long, Integer>> runningCounts(SqlClient client, Long[] sessionIds) {
    return client.preparedQuery(BlockSql.RUNNING_COUNTS).execute(Tuple.of((Object) sessionIds)).map(rows -> {
      Map<Long, Integer> running = new HashMap<>();
      rows.forEach(r -> running.put(r.getLong("session_id"), r.getInteger("n")));
      return running;
    });
  }

  /** Every block of these sessions counted from the rows, for a tally that drifted. */
  public static Future<Map<Long, BlockCounts>> recount(SqlClient client, Long[] sessionIds) {
    return client.preparedQuery(BlockSql.RECOUNT).execute(Tuple.of((Object) sessionIds)).map(rows -> {
      Map<Long, BlockCounts> counts = new HashMap<>();
      for (Long id : sessionIds) {
        counts.put(id, new BlockCounts());
      }
      for (Row r : rows) {
        counts.get(r.getLong("session_id"))
            .add(BlockStatus.valueOf(r.getString("status")), r.getBoolean("released"), r.getInteger("n"));
      }
      return counts;
    });
  }

  /** Ids of the blocks these tokens name; unknown tokens are absent. */
  public static Future<Map<String, BlockIds>> idsByToken(SqlClient client, String[] tokens) {
    return client.preparedQuery(BlockSql.SESSION_IDS_BY_TOKEN).execute(Tuple.of((Object) tokens)).map(rows -> {
      Map<String, BlockIds> ids = new HashMap<>();
      rows.forEach(r -> ids.put(r.getString("token"), new BlockIds(r.getLong("id"), r.getLong("session_id"))));
      return ids;
    });
  }

  /** What a worker needs of blocks a transaction claimed directly, in {@link #claim}'s shape. */
  public static Future<List<ClaimedRun>> claimedRuns(SqlClient client, Long[] ids) {
    return client.preparedQuery(BlockSql.CLAIMED_RUNS).execute(Tuple.of((Object) ids)).map(BlockStore::claimedRuns);
  }

  // ---- the claim loop ----

  /**
   * {@link BlockSql#CLAIM}: due blocks moved to RUNNING under a fresh lease for this node, from the
   * head of the queue, or after {@code after} when it is not null ({@link BlockSql#CLAIM_AFTER}).
   */
  public static Future<ClaimBatch> claim(Pool pool, int limit, String nodeId, long leaseMs, ClaimPosition after) {
    return Transactions.run(pool, BlockSql.BEGIN_CLAIM, tx -> {
      Future<RowSet<Row>> rows = after == null
          ? tx.conn.preparedQuery(BlockSql.CLAIM).execute(Tuple.of(limit, nodeId, leaseMs, leaseSalt()))
          : tx.conn.preparedQuery(BlockSql.CLAIM_AFTER)
              .execute(Tuple.of(limit, nodeId, leaseMs, leaseSalt(), after.priority(), after.fairKey(), after.id()));
      // Answered once committed: a run handed to a worker before that could finish first, and its
      // outcome would then find the block not yet claimed.
      return Future.all(rows, tx.commit())
          .map(v -> new ClaimBatch(claimedRuns(rows.result()), lastInClaimOrder(rows.result())));
    });
  }

  /** A claim's random part of its lease tokens ({@link BlockSql#leaseToken}). */
  static long leaseSalt() {
    return LEASE_SALTS.nextLong();
  }

  private static ClaimPosition lastInClaimOrder(RowSet<Row> rows) {
    ClaimPosition last = null;
    for (Row row : rows) {
      ClaimPosition position = new ClaimPosition(row.getInteger("claim_priority"), row.getLong("fair_key"),
          row.getLong("id"));
      if (last == null || position.compareTo(last) > 0) {
        last = position;
      }
    }
    return last;
  }

  /** The results of the successful blocks of these sessions, by session, then block id. */
  public static Future<Map<Long, JsonObject>> resultsOfSessions(SqlClient client, Long[] sessionIds) {
    return client.preparedQuery(BlockSql.RESULTS_OF_SESSIONS).execute(Tuple.of((Object) sessionIds)).map(rows -> {
      Map<Long, JsonObject> bySession = new HashMap<>();
      for (Row r : rows) {
        bySession.computeIfAbsent(r.getLong("session_id"), k -> new JsonObject())
            .put(r.getString("block_key"), r.getValue("result"));
      }
      return bySession;
    });
  }

  /**
   * Extends this node's leases on these running blocks, each only under the token it was claimed
   * with (rows another transaction holds wait for the next call); completes with how many were renewed.
   */
  public static Future<Integer> renewLeases(SqlClient client, Long[] ids, UUID[] leaseTokens, String nodeId,
                                            long leaseMs) {
    return client.preparedQuery(BlockSql.RENEW_LEASES).execute(Tuple.of(ids, nodeId, leaseMs, leaseTokens))
        .map(SqlResult::rowCount);
  }

  // ---- ranges (V14) ----

  /** Stops these sessions' lanes: no claim hands out their blocks any more. */
  public static Future<Void> deleteLanes(SqlClient client, Long[] sessionIds) {
    return client.preparedQuery(BlockSql.DELETE_LANES).execute(Tuple.of((Object) sessionIds)).mapEmpty();
  }

  /** Extends this node's ranges taken by the claims of these salts. */
  public static Future<Void> renewRanges(SqlClient client, Long[] salts, String nodeId, long leaseMs) {
    return client.preparedQuery(BlockSql.RENEW_RANGES).execute(Tuple.of(nodeId, (Object) salts, leaseMs)).mapEmpty();
  }

  /** Ends this node's ranges taken by the claims of these salts now. */
  public static Future<Void> expireRanges(SqlClient client, Long[] salts, String nodeId) {
    return client.preparedQuery(BlockSql.EXPIRE_RANGES).execute(Tuple.of(nodeId, (Object) salts)).mapEmpty();
  }

  /**
   * Deletes the ranges of these sessions and claims (pairwise) whose blocks were all written, under
   * the engine's generic plans ({@link SessionSql#BEGIN_WITH_GENERIC_PLANS}): alone, the statement
   * was planned again at every call (0.3–0.4 ms), and a plan for a few ranges passed
   * jit_above_cost, compiled for 10–15 ms where PostgreSQL has JIT.
   */
  public static Future<Void> deleteSettledRanges(Pool pool, Long[] sessionIds, Long[] salts) {
    return Transactions.run(pool, SessionSql.BEGIN_WITH_GENERIC_PLANS, tx -> {
      Future<Void> deleted = tx.conn.preparedQuery(BlockSql.DELETE_SETTLED_RANGES)
          .execute(Tuple.of((Object) sessionIds, (Object) salts)).mapEmpty();
      return Future.all(deleted, tx.commit()).mapEmpty();
    });
  }

  /** Turns up to {@code limit} expired ranges into running rows (see {@link BlockSql#MATERIALIZE_EXPIRED_RANGES}); completes with the rows. */
  public static Future<Integer> materializeExpiredRanges(SqlClient client, int limit) {
    return client.preparedQuery(BlockSql.MATERIALIZE_EXPIRED_RANGES).execute(Tuple.of(limit)).map(SqlResult::rowCount);
  }

  /** Ends this node's leases on these running blocks now, so the next rescue pass takes them. */
  public static Future<Void> expireLeases(SqlClient client, Long[] ids, String nodeId) {
    return client.preparedQuery(BlockSql.EXPIRE_LEASES).execute(Tuple.of(ids, nodeId)).mapEmpty();
  }

  /** How long until the nearest delayed or retried block is due, on the database's clock; null if none is. */
  public static Future<Long> msUntilNextDue(SqlClient client) {
    return client.preparedQuery(BlockSql.NEXT_DUE).execute().map(rows -> msUntilNextDue(rows.iterator().next()));
  }

  /** A {@code next_due, db_now} row (BlockSql.NEXT_DUE, DeliverySql.NEXT_DUE) as ms ahead on the database's clock, or null. */
  static Long msUntilNextDue(Row row) {
    OffsetDateTime next = row.getOffsetDateTime("next_due");
    return next == null ? null : Duration.between(row.getOffsetDateTime("db_now"), next).toMillis();
  }

  /**
   * Takes over the expired lease of a block whose run still goes on, keeping its token (see
   * {@link BlockSql#ADOPT_LEASE}); false when another node took it first or the block moved on.
   */
  public static Future<Boolean> adoptLease(SqlClient client, long id, UUID leaseToken, String nodeId, long leaseMs) {
    return client.preparedQuery(BlockSql.ADOPT_LEASE).execute(Tuple.of(id, leaseToken, nodeId, leaseMs))
        .map(rows -> rows.rowCount() == 1);
  }

  /** The tokens among these that still name a block. */
  public static Future<Set<String>> existingTokens(SqlClient client, String[] tokens) {
    return client.preparedQuery(BlockSql.EXISTING_TOKENS).execute(Tuple.of((Object) tokens)).map(rows -> {
      Set<String> existing = new HashSet<>();
      rows.forEach(r -> existing.add(r.getString("token")));
      return existing;
    });
  }

  // ---- the rescuer ----

  /** Running blocks whose lease ended, oldest first. */
  public static Future<List<ExpiredLease>> expiredLeases(SqlClient client, int limit) {
    return client.preparedQuery(BlockSql.EXPIRED_LEASES).execute(Tuple.of(limit)).map(rows -> {
      List<ExpiredLease> expired = new ArrayList<>();
      for (Row r : rows) {
        OffsetDateTime started = r.getOffsetDateTime("started_at");
        expired.add(new ExpiredLease(r.getLong("id"), r.getLong("session_id"), r.getUUID("lease_token"),
            r.getString("leased_by"), r.getInteger("attempts"), started == null ? null : started.toInstant().toEpochMilli()));
      }
      return expired;
    });
  }

  // ---- activity lines ----

  /**
   * Stores handlers' activity lines ({@code blockToken}, {@code at} epoch ms, {@code level},
   * {@code line}), then keeps the newest 1000 of each block; lines of unknown blocks are dropped.
   */
  public static Future<Void> recordActivity(SqlClient client, List<JsonObject> lines, long nowMs) {
    int n = lines.size();
    String[] tokens = new String[n], levels = new String[n], texts = new String[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      JsonObject l = lines.get(i);
      tokens[i] = l.getString("blockToken");
      at[i] = OffsetDateTime.ofInstant(Instant.ofEpochMilli(l.getLong("at", nowMs)), ZoneOffset.UTC);
      levels[i] = l.getString("level");
      texts[i] = l.getString("line", "");
    }
    return client.preparedQuery(BlockSql.INSERT_ACTIVITY).execute(Tuple.of(tokens, at, levels, texts))
        .compose(rows -> {
          List<Long> blocks = new ArrayList<>();
          rows.forEach(r -> blocks.add(r.getLong("block_id")));
          Long[] ids = blocks.stream().distinct().toArray(Long[]::new);
          return client.preparedQuery(BlockSql.TRIM_ACTIVITY).execute(Tuple.of((Object) ids));
        })
        .mapEmpty();
  }

  // ---- row mapping ----

  private static List<BlockRow> planningRows(RowSet<Row> rows) {
    List<BlockRow> blocks = new ArrayList<>(rows.size());
    if (rows.size() == 0) {
      return blocks;
    }
    Columns c = Columns.of(rows);
    int id = c.at("id"), token = c.at("token"), sessionId = c.at("session_id"), seq = c.at("seq"),
        key = c.at("block_key"), requires = c.at("requires"), blocker = c.at("blocker"),
        replayable = c.at("replayable"), retry = c.at("retry"), interrupt = c.at("interrupt"),
        status = c.at("status"), released = c.at("released"), attempts = c.at("attempts"),
        replays = c.at("replay_count"), lease = c.at("lease_token"), reason = c.at("reason"),
        delay = c.at("delay_ms"), executions = c.at("executions");
    for (Row row : rows) {
      String[] required = row.getArrayOfStrings(requires);
      blocks.add(new BlockRow(row.getLong(id), row.getString(token), row.getLong(sessionId),
          row.getInteger(seq), row.getString(key), required == null ? List.of() : Arrays.asList(required),
          row.getBoolean(blocker), row.getBoolean(replayable), (JsonObject) row.getValue(retry),
          row.getBoolean(interrupt), BlockStatus.valueOf(row.getString(status)), row.getBoolean(released),
          row.getInteger(attempts), row.getInteger(replays), row.getUUID(lease),
          row.getString(reason)).withDelay(row.getLong(delay)).withExecutions(row.getInteger(executions)));
    }
    return blocks;
  }

  /** Rows in {@link BlockSql#CLAIM}'s shape, which {@link SessionSql#INSERT_MANY} and {@link BlockSql#CLAIMED_RUNS} share. */
  static List<ClaimedRun> claimedRuns(RowSet<Row> rows) {
    List<ClaimedRun> runs = new ArrayList<>(rows.size());
    if (rows.size() == 0) {
      return runs;
    }
    Columns c = Columns.of(rows);
    int id = c.at("id"), token = c.at("token"), sessionId = c.at("session_id"), sessionToken = c.at("session_token"),
        key = c.at("block_key"), handler = c.at("handler"), params = c.at("params"), dataset = c.at("dataset"),
        mode = c.at("mode"), previous = c.at("previous_result"), attempts = c.at("attempts"),
        executions = c.at("executions"), replays = c.at("replay_count"), timeout = c.at("timeout_ms"),
        lease = c.at("lease_token"), nowRunning = c.at("session_now_running"), ranged = c.at("ranged");
    for (Row row : rows) {
      runs.add(new ClaimedRun(row.getLong(id), row.getString(token), row.getLong(sessionId),
          row.getString(sessionToken), row.getString(key), (JsonObject) row.getValue(handler),
          (JsonObject) row.getValue(params), row.getValue(dataset) instanceof JsonArray a ? a : null,
          "pipeline".equals(row.getString(mode)),
          row.getValue(previous) instanceof JsonObject p ? p : null,
          row.getInteger(attempts), row.getInteger(executions), row.getInteger(replays),
          row.getLong(timeout), row.getUUID(lease), row.getBoolean(nowRunning), row.getBoolean(ranged)));
    }
    return runs;
  }
}
