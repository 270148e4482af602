package io.blockline.store;

/**
 * Every SQL statement on blocks, runs and activity. Positional parameters are listed above each.
 *
 * <p>A block's id is {@code blockline_block_id(session_id, seq)}, its session's id shifted left 20
 * bits plus its seq (V12): a session's blocks are the id range {@code blockline_block_id(s, 0)} to
 * {@code blockline_block_id(s, 1048575)}, read through the primary key, and a token is resolved by
 * {@code blockline_block_id(token)}. Blocks have no other full index. Several sessions' ranges
 * are read per session (LATERAL, kept a subquery by OFFSET 0): as a join, the generic plan's guess
 * for a range whose ends come from another table is a ninth of the table, and it scanned them all.
 */
public final class BlockSql {
  private BlockSql() {
  }

  /** The columns the planner reads (see {@code BlockRow}). */
  private static final String PLANNING_COLUMNS = """
      b.id, b.token, b.session_id, b.seq, b.block_key, b.requires, b.blocker, b.replayable, b.retry, b.interrupt,
      b.status, b.next_run_at IS NOT NULL AS released, b.attempts, b.executions, b.replay_count, b.lease_token,
      b.reason, b.delay_ms
      """;

  /** Every block of these sessions (a cancel needs them all). $1 session ids. */
  public static final String LOAD_ALL_FOR_PLANNING = "SELECT " + PLANNING_COLUMNS
      + " FROM unnest($1::bigint[]) AS x(session_id), LATERAL (SELECT * FROM blocks"
      + " WHERE id BETWEEN blockline_block_id(x.session_id, 0) AND blockline_block_id(x.session_id, 1048575) OFFSET 0) b"
      + " ORDER BY b.id";

  /**
   * What the planner needs of the locked sessions, not every block: the blocks commands target,
   * the failed ones, the first waiting ones (up to a per-session window, after a seq) and the
   * blocks those require. A parallel session's window is all its waiting blocks. It runs under a
   * generic plan (the engine forces them), whose row estimates are guesses: the session's mode is
   * a scalar subquery and the rows are fetched by {@code = ANY(ARRAY(…))}, so each is an index
   * lookup (a join there was planned as a hash join over a scan of every block, in each
   * transaction). The required blocks' ids are computed from their seqs, not looked up (as a join,
   * the generic plan once hashed every block of the table to start a session: ~100 ms per start
   * with 100,000 blocks; HotPathPlansTest). A plain parallel
   * session's window is empty: its waiting blocks are released all at once by
   * {@link #RELEASE_ALL_WAITING}, never one by one; with a failed blocker stored, it loads them as
   * any parallel session does, since the planner then releases only those before the blocker. $1 session ids, $2 window of a sequential or
   * pipeline session, $3 waiting after seq (-1 = from the start), $4 target block ids.
   */
  public static final String LOAD_FOR_PLANNING = """
      WITH s AS (SELECT x.id, x.after_seq,
                        (SELECT CASE WHEN ss.mode <> 'parallel' THEN $2::int
                                     WHEN ss.plain AND ss.max_parallel IS NULL AND ss.n_blocker = 0 THEN 0
                                     ELSE 2147483647 END
                         FROM sessions ss WHERE ss.id = x.id) AS window_size
                 FROM unnest($1::bigint[], $3::int[]) AS x(id, after_seq)),
      waiting AS (
        SELECT w.id, w.session_id, w.requires_seq FROM s, LATERAL (
          SELECT id, session_id, requires_seq FROM blocks
          WHERE session_id = s.id AND status = 'STANDBY' AND next_run_at IS NULL AND seq > s.after_seq
          ORDER BY seq LIMIT s.window_size) w
      ),
      picked AS (
        SELECT id FROM waiting
        UNION SELECT id FROM blocks
              WHERE session_id = ANY($1::bigint[])
                AND status IN ('PREP','ERROR','BLOCKER','TIMEOUT','CANCELLED','SKIPPED')
        UNION SELECT unnest($4::bigint[])
        UNION SELECT blockline_block_id(w.session_id, r.seq) FROM waiting w, unnest(w.requires_seq) AS r(seq)
      )
      """ + "SELECT " + PLANNING_COLUMNS + " FROM blocks b WHERE b.id = ANY(ARRAY(SELECT id FROM picked))"
      + " ORDER BY b.id";

  /** Every block of these sessions counted by status, STANDBY split by released: the tally's check. $1 session ids. */
  public static final String RECOUNT = """
      SELECT x.session_id, b.status, b.released, count(*)::int AS n
      FROM unnest($1::bigint[]) AS x(session_id), LATERAL (
        SELECT status, next_run_at IS NOT NULL AS released FROM blocks
        WHERE id BETWEEN blockline_block_id(x.session_id, 0) AND blockline_block_id(x.session_id, 1048575) OFFSET 0) b
      GROUP BY 1, 2, 3
      """;

  /** Running blocks of these sessions (the one count the sessions' tallies leave open). $1 session ids. */
  public static final String RUNNING_COUNTS = """
      SELECT session_id, count(*)::int AS n FROM blocks
      WHERE session_id = ANY($1::bigint[]) AND status = 'RUNNING' GROUP BY session_id
      """;

  /** $1 tokens. */
  public static final String SESSION_IDS_BY_TOKEN = """
      SELECT b.token, b.id, b.session_id FROM unnest($1::text[]) AS u(token)
      JOIN blocks b ON b.id = blockline_block_id(u.token) AND b.token = u.token
      """;

  /**
   * Writes what a transaction decided, guarded by the status and the lease token each row was
   * loaded with (the fence: an outcome is written only under the lease its run was given, never
   * over a lease the rescuer or another node took since): a row changed meanwhile (a claim, a
   * rescue) is not overwritten, and the statement then fails with
   * serialization_failure (40001, {@code blockline_expect_rows}) so that the COMMIT pipelined
   * behind it rolls back; the engine retries the batch. A row with a lease
   * in $13 was claimed by this transaction (fast path). A cancelled running row keeps its lease
   * token so the stopped run's late outcome is still recognised (its run is recorded).
   * $1 ids, $2 expected statuses, $3 statuses, $4 due (KEEP|CLEAR|RELEASE|NOW|AFTER_DELAY), $5 due delay ms,
   * $6 attempts, $7 replay counts, $8 reasons, $9 result changed, $10 results, $11 error changed, $12 errors,
   * $13 new leases, $14 executions, $15 node id, $16 lease ms, $17 expected lease tokens.
   */
  public static final String UPDATE_MANY = "WITH " + changedBlocks() + " " + guard();

  /**
   * {@link #UPDATE_MANY} and {@link #INSERT_RUNS} in one statement (a completion writes both):
   * $1 to $17 as in the first, $18 to $24 as $1 to $7 in the second.
   */
  public static final String UPDATE_MANY_RECORDING_RUNS = "WITH " + changedBlocks() + ", recorded AS ("
      + insertRuns(18) + ") " + guard();

  /**
   * {@link #UPDATE_MANY_RECORDING_RUNS} and the sessions' update ({@code SessionSql.updateMany})
   * in one statement, one message less for a step of a sequential chain: $1 to $23 as in the
   * first, $25 to $34 as $1 to $10 in the second. Only when no session becomes SUCCESS or PAUSED:
   * their output is read from blocks this very statement writes, which it would not see.
   */
  public static final String UPDATE_MANY_RECORDING_RUNS_AND_SESSIONS = "WITH " + changedBlocks() + ", recorded AS ("
      + insertRuns(18) + "), written AS (" + SessionSql.updateMany(25) + ") " + guard();

  private static String changedBlocks() {
    return """
      changed AS (
        UPDATE blocks b
        SET status       = u.status,
            next_run_at  = CASE u.due
                             WHEN 'KEEP' THEN b.next_run_at
                             WHEN 'CLEAR' THEN NULL
                             WHEN 'NOW' THEN now()
                             WHEN 'RELEASE' THEN greatest(now(), b.created_at + b.delay_ms * interval '1 millisecond')
                             ELSE now() + u.due_ms * interval '1 millisecond'
                           END,
            attempts     = u.attempts,
            executions   = u.executions,
            replay_count = u.replay_count,
            reason       = u.reason,
            result       = CASE WHEN u.result_changed THEN u.result::jsonb ELSE b.result END,
            error        = CASE WHEN u.error_changed THEN u.error::jsonb ELSE b.error END,
            started_at   = CASE WHEN u.lease IS NOT NULL THEN now() ELSE b.started_at END,
            finished_at  = CASE WHEN u.status IN ('SUCCESS','ERROR','BLOCKER','TIMEOUT','CANCELLED','SKIPPED')
                                THEN now() END,
            lease_token  = CASE WHEN u.lease IS NOT NULL THEN u.lease
                                WHEN u.status = 'RUNNING' OR (u.status = 'CANCELLED' AND b.status = 'RUNNING')
                                THEN b.lease_token END,
            leased_by    = CASE WHEN u.lease IS NOT NULL THEN $15 WHEN u.status = 'RUNNING' THEN b.leased_by END,
            lease_until  = CASE WHEN u.lease IS NOT NULL THEN now() + $16 * interval '1 millisecond'
                                WHEN u.status = 'RUNNING' THEN b.lease_until END
        FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::int[], $7::int[], $8::text[],
                    $9::bool[], $10::text[], $11::bool[], $12::text[], $13::uuid[], $14::int[], $17::uuid[])
             AS u(id, expected, status, due, due_ms, attempts, replay_count, reason, result_changed, result,
                  error_changed, error, lease, executions, expected_lease)
        WHERE b.id = u.id AND b.status = u.expected AND b.lease_token IS NOT DISTINCT FROM u.expected_lease
        RETURNING 1
      )""";
  }

  private static String guard() {
    return "SELECT blockline_expect_rows(count(*), cardinality($1::bigint[])) FROM changed";
  }

  /** What a worker needs of blocks this transaction claimed directly (same shape as {@link #CLAIM}). $1 ids. */
  public static final String CLAIMED_RUNS = """
      SELECT b.id, b.token, b.session_id, b.seq, b.block_key, b.handler, b.params, b.dataset, b.attempts, b.executions,
             b.replay_count, b.timeout_ms, b.lease_token, b.started_at, s.token AS session_token, s.mode,
             false AS session_now_running,
             CASE WHEN s.mode = 'pipeline' THEN
               (SELECT p.result FROM blocks p WHERE p.id = b.id - 1 AND p.session_id = b.session_id)
             END AS previous_result
      FROM blocks b JOIN sessions s ON s.id = b.session_id
      WHERE b.id = ANY($1::bigint[]) ORDER BY b.id
      """;

  /**
   * Releases every waiting block of these sessions, due now (a plain session has no delays): a
   * plain parallel session's start. Through blocks_waiting; the rows keep their submit-time fair
   * keys. $1 session ids.
   */
  public static final String RELEASE_ALL_WAITING = """
      UPDATE blocks SET next_run_at = now()
      WHERE session_id = ANY($1::bigint[]) AND status = 'STANDBY' AND next_run_at IS NULL
      """;

  /** Merges a proceed's data into the paused block's result. $1 block id, $2 data (json text). */
  public static final String MERGE_RESULT = """
      UPDATE blocks SET result = coalesce(result, '{}'::jsonb) || $2::text::jsonb WHERE id = $1
      """;

  /** Released and due: what a claim may take, read through blocks_claimable (its predicate). */
  static final String CLAIMABLE_NOW = "status = 'STANDBY' AND next_run_at IS NOT NULL AND next_run_at <= now()";

  /** The claim order, blocks_claimable's keys (V13): higher priority first, then fair key, then id. */
  static final String CLAIM_ORDER = "-priority, fair_key, id";

  /**
   * After a place in the claim order, given as its priority, fair key and id in parameters
   * {@code $first} to {@code $first + 2}: one row comparison on blocks_claimable's keys, so an
   * index scan starts there.
   */
  static String afterPlace(int first) {
    return "AND (%s) > (-$%d::int, $%d::bigint, $%d::bigint)".formatted(CLAIM_ORDER, first, first + 1, first + 2);
  }

  /**
   * Opens the claim's transaction ({@code Transactions.run}: one message with the claim and its
   * COMMIT). The claim must read blocks_claimable in its order and stop at its limit, whatever the
   * statistics say: PostgreSQL estimates the due blocks from statistics taken while the queue was
   * another size (and multiplies the index predicate's selectivity in twice), so it guessed a
   * handful and preferred a bitmap scan of everything due plus a sort (10 ms for 3,700 due blocks,
   * growing with the queue). With bitmap scans off, the ordered index scan is the only cheap plan;
   * generic plans are forced so the statement is planned once, not at each claim. Sessions
   * are looked up by key ({@code = ANY(ARRAY(…))}): as a join, the planner once scanned every
   * STANDBY session for each block claimed (50 ms a claim with 500 sessions waiting).
   */
  static final String BEGIN_CLAIM =
      "BEGIN; SET LOCAL plan_cache_mode = force_generic_plan; SET LOCAL enable_bitmapscan = off";

  /**
   * The claim: released, due blocks, higher priority first then in fair-key order (FIFO per owner,
   * owners interleaved: V9), locked without waiting,
   * moved to RUNNING under a fresh lease in the same statement. Sessions become RUNNING unless a
   * transaction holds them (it is about to write their status anyway). Returns each block's place
   * in the claim order too ({@code claim_priority}, {@code fair_key}, {@code id}): where a full
   * claim stopped, the next may resume ({@link #CLAIM_AFTER}).
   * $1 limit, $2 node id, $3 lease ms.
   */
  public static final String CLAIM = claim("");

  /**
   * {@link #CLAIM} from a place in the claim order on, not from the head of blocks_claimable: the
   * head holds a dead entry for every block claimed since the last vacuum, which each claim from
   * the head steps over again (V13). One row comparison on the index's keys, so the scan starts
   * there. $1 to $4 as in {@link #CLAIM}, $5 the priority, $6 the fair key and $7 the id of the
   * last block taken before.
   */
  public static final String CLAIM_AFTER = claim(afterPlace(5));

  /**
   * The lease token a claim gives block {@code id}: the claim's salt (a random bigint, one per
   * statement, in parameter {@code salt}) then the block's id, 128 bits. Unique to this claim of
   * this block, which is all the fence asks of it. gen_random_uuid() per row cost 2.3 µs of
   * database CPU each on PostgreSQL 15 with OpenSSL 3 (this takes 0.2 µs).
   */
  static String leaseToken(String salt, String id) {
    return "(lpad(to_hex(%s::bigint), 16, '0') || lpad(to_hex(%s), 16, '0'))::uuid".formatted(salt, id);
  }

  private static String claim(String after) {
    return """
      WITH due AS (
        SELECT id FROM blocks
        WHERE %s %s
        ORDER BY %s
        LIMIT $1
        FOR UPDATE SKIP LOCKED
      ), claimed AS (
        UPDATE blocks b
        SET status = 'RUNNING', attempts = b.attempts + 1, executions = b.executions + 1, lease_token = %s, leased_by = $2,
            lease_until = now() + $3 * interval '1 millisecond', started_at = now(), next_run_at = NULL
        FROM due WHERE b.id = due.id
        RETURNING b.id, b.token, b.session_id, b.seq, b.block_key, b.handler, b.params, b.dataset, b.attempts, b.executions,
                  b.replay_count, b.timeout_ms, b.lease_token, b.started_at, b.priority AS claim_priority, b.fair_key
      ), running_sessions AS (
        UPDATE sessions s SET status = 'RUNNING'
        WHERE s.id IN (SELECT l.id FROM sessions l
                       WHERE l.id = ANY(ARRAY(SELECT DISTINCT session_id FROM claimed)) AND l.status = 'STANDBY'
                       FOR UPDATE SKIP LOCKED)
        RETURNING s.id
      )
      SELECT c.*, s.token AS session_token, s.mode,
             c.session_id IN (SELECT id FROM running_sessions) AS session_now_running,
             CASE WHEN s.mode = 'pipeline' THEN
               (SELECT p.result FROM blocks p WHERE p.id = c.id - 1 AND p.session_id = c.session_id)
             END AS previous_result
      FROM claimed c JOIN sessions s ON s.id = c.session_id
      ORDER BY c.id
      """.formatted(CLAIMABLE_NOW, after, CLAIM_ORDER, leaseToken("$4", "b.id"));
  }

  /**
   * Keeps this node's leases alive. Rows another transaction holds are skipped, not waited for: a
   * completion locks its blocks in its own order, and a renewal that waited while holding others
   * could deadlock with it (PostgreSQL would then abort one, maybe the completion). A row held
   * now is renewed next time, long before its lease ends. The lock is the one the update takes
   * anyway (NO KEY UPDATE), so the key-share locks of activity lines being inserted do not make
   * it skip a row. Fenced by the lease token too: a lease the rescuer or another node took over
   * (a new token, or the same block claimed again) is never revived by the run that lost it.
   * $1 block ids, $2 node id, $3 lease ms, $4 their lease tokens.
   */
  public static final String RENEW_LEASES = """
      WITH held AS (
        SELECT b.id FROM blocks b JOIN unnest($1::bigint[], $4::uuid[]) AS u(id, lease) ON b.id = u.id
        WHERE b.status = 'RUNNING' AND b.leased_by = $2 AND b.lease_token = u.lease
        FOR NO KEY UPDATE OF b SKIP LOCKED
      )
      UPDATE blocks b SET lease_until = now() + $3 * interval '1 millisecond' FROM held WHERE b.id = held.id
      """;

  /** Running blocks whose node stopped renewing (read through blocks_running: only running rows). $1 limit. */
  public static final String EXPIRED_LEASES = """
      SELECT id, session_id, lease_token, leased_by, attempts, started_at FROM blocks
      WHERE status = 'RUNNING' AND lease_until < now()
      ORDER BY lease_until LIMIT $1
      """;

  /**
   * A node takes over the expired lease of a run that still goes on (a command's process found
   * alive after a restart): same lease token, so the run's outcome is still fenced by it; only
   * while the lease is still expired, so of two nodes looking, one takes it.
   * $1 block id, $2 lease token, $3 node id, $4 lease ms.
   */
  public static final String ADOPT_LEASE = """
      UPDATE blocks SET leased_by = $3, lease_until = now() + $4 * interval '1 millisecond'
      WHERE id = $1 AND lease_token = $2 AND status = 'RUNNING' AND lease_until < now()
      RETURNING id
      """;

  /** Which of these block tokens still name a block (the others were deleted). $1 tokens. */
  public static final String EXISTING_TOKENS = """
      SELECT b.token FROM unnest($1::text[]) AS u(token)
      JOIN blocks b ON b.id = blockline_block_id(u.token) AND b.token = u.token
      """;

  /**
   * On a graceful stop: leases of runs that did not finish in the grace expire now. A row another
   * transaction holds is being completed; it is skipped for the reason given at {@link #RENEW_LEASES}.
   * $1 ids, $2 node id.
   */
  public static final String EXPIRE_LEASES = """
      WITH held AS (
        SELECT id FROM blocks WHERE id = ANY($1::bigint[]) AND status = 'RUNNING' AND leased_by = $2
        FOR NO KEY UPDATE SKIP LOCKED
      )
      UPDATE blocks b SET lease_until = now() FROM held WHERE b.id = held.id
      """;

  /**
   * The nearest future due time, for the one wake-up timer. Only the future: what is due now is
   * the claim loop's, which every caller has woken already, and blocks_due begins with the dead
   * entry of every block released and claimed since the last vacuum (166 ms to step over 100,000,
   * where starting after now() takes 0.5 ms).
   */
  public static final String NEXT_DUE = """
      SELECT min(next_run_at) AS next_due, now() AS db_now FROM blocks
      WHERE status = 'STANDBY' AND next_run_at IS NOT NULL AND priority >= 0 AND next_run_at > now()
      """;

  /** Run history, written with the outcome. $1 block ids, $2 attempts, $3 items (-1 = none), $4 started,
   *  $5 finished, $6 statuses, $7 errors (json text). */
  public static final String INSERT_RUNS = insertRuns(1);

  /** {@link #INSERT_RUNS} with its parameters numbered from {@code first}. */
  private static String insertRuns(int first) {
    return """
      INSERT INTO runs (block_id, attempt, item, started_at, finished_at, status, error)
      SELECT u.block_id, u.attempt, NULLIF(u.item, -1), u.started_at, u.finished_at, u.status, u.error::jsonb
      FROM unnest($%d::bigint[], $%d::int[], $%d::int[], $%d::timestamptz[], $%d::timestamptz[], $%d::text[], $%d::text[])
           AS u(block_id, attempt, item, started_at, finished_at, status, error)
      """.formatted(first, first + 1, first + 2, first + 3, first + 4, first + 5, first + 6);
  }

  /** Handler activity lines, by block token (unknown tokens are dropped). $1 block tokens, $2 times, $3 levels,
   *  $4 lines. Returns the block ids written. */
  public static final String INSERT_ACTIVITY = """
      INSERT INTO activity (block_id, at, level, line)
      SELECT b.id, u.at, u.level, u.line
      FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[]) AS u(token, at, level, line)
      JOIN blocks b ON b.id = blockline_block_id(u.token) AND b.token = u.token
      RETURNING block_id
      """;

  /** Results of the successful blocks of these sessions, for handlers that receive them. $1 session ids. */
  public static final String RESULTS_OF_SESSIONS = """
      SELECT x.session_id, b.block_key, b.result
      FROM unnest($1::bigint[]) AS x(session_id), LATERAL (
        SELECT block_key, result FROM blocks
        WHERE id BETWEEN blockline_block_id(x.session_id, 0) AND blockline_block_id(x.session_id, 1048575)
          AND status = 'SUCCESS' OFFSET 0) b
      """;

  /** Keeps the newest 1000 lines of each block. $1 block ids. */
  public static final String TRIM_ACTIVITY = """
      DELETE FROM activity a
      USING (SELECT block_id, id FROM (
               SELECT block_id, id, row_number() OVER (PARTITION BY block_id ORDER BY id DESC) AS rn
               FROM activity WHERE block_id = ANY($1::bigint[])) ranked
             WHERE rn > 1000) old
      WHERE a.block_id = old.block_id AND a.id = old.id
      """;

  /** $1 token. */
  public static final String VIEW = """
      SELECT b.id, b.token, b.block_key, b.name, b.seq, b.status, b.handler, b.attempts, b.replay_count,
             b.next_run_at, b.started_at, b.finished_at, b.result, b.error, b.reason, b.params, b.dataset,
             b.requires, b.blocker, b.replayable, b.interrupt, b.priority, b.timeout_ms, b.delay_ms,
             s.token AS session_token, s.owner
      FROM blocks b JOIN sessions s ON s.id = b.session_id WHERE b.id = blockline_block_id($1) AND b.token = $1
      """;

  /** $1 session id. */
  public static final String VIEWS_OF_SESSION = """
      SELECT id, token, block_key, name, seq, status, handler, attempts, replay_count, next_run_at, started_at,
             finished_at, result, error, reason, requires
      FROM blocks WHERE id BETWEEN blockline_block_id($1, 0) AND blockline_block_id($1, 1048575) ORDER BY id
      """;

  /** $1 block id. */
  public static final String RUNS_OF_BLOCK = """
      SELECT attempt, item, started_at, finished_at, status, error FROM runs WHERE block_id = $1 ORDER BY id
      """;

  /** $1 block id. */
  public static final String ACTIVITY_OF_BLOCK = """
      SELECT at, level, line FROM activity WHERE block_id = $1 ORDER BY id
      """;
}
