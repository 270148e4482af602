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

  /**
   * A block's row as its range claim left it: STANDBY, not released, never run (V14). Such a row
   * inside a live range ({@code range_leases}) is running; after its lane's next seq
   * ({@code session_lanes}) it is released. Alias {@code b}.
   */
  static final String UNTOUCHED = "b.status = 'STANDBY' AND b.next_run_at IS NULL AND b.executions = 0";

  /**
   * The range holding block {@code b}, if any ({@code rl.salt} null otherwise): the range of its
   * session that starts at or before its seq and ends at or after it, while its row is untouched.
   * Ranges of a session never overlap. Joined to {@code blocks b} with {@code LEFT JOIN LATERAL}.
   */
  static final String RANGE_HOLDING = """
      (SELECT r.salt, r.claimed_at, r.last_seq FROM range_leases r
       WHERE %s AND r.session_id = b.session_id AND r.first_seq <= b.seq
       ORDER BY r.first_seq DESC LIMIT 1) rl ON rl.last_seq >= b.seq""".formatted(UNTOUCHED);

  /** Block {@code b} waits in its session's lane: released, in the tally's terms. */
  static final String IN_LANE = "(" + UNTOUCHED
      + " AND EXISTS (SELECT 1 FROM session_lanes l WHERE l.session_id = b.session_id AND l.next_seq <= b.seq))";

  /**
   * Block {@code b}'s columns as the state machine sees them, with {@link #RANGE_HOLDING} joined
   * as {@code rl}: a block of a live range is RUNNING, in its range's attempt, under the lease
   * token its claim gave it ({@link #leaseToken}).
   */
  static final String DERIVED_STATUS = "CASE WHEN rl.salt IS NOT NULL THEN 'RUNNING' ELSE b.status END";
  static final String DERIVED_ATTEMPTS = "b.attempts + (rl.salt IS NOT NULL)::int";
  static final String DERIVED_STARTED_AT = "coalesce(rl.claimed_at, b.started_at)";

  /** The columns the planner reads (see {@code BlockRow}), ranges and lanes applied; {@link #RANGE_HOLDING} joined as {@code rl}. */
  private static final String PLANNING_COLUMNS = """
      b.id, b.token, b.session_id, b.seq, b.block_key, b.requires, b.blocker, b.replayable, b.retry, b.interrupt,
      %s AS status, (b.next_run_at IS NOT NULL OR (rl.salt IS NULL AND %s)) AS released,
      %s AS attempts, b.executions + (rl.salt IS NOT NULL)::int AS executions, b.replay_count,
      CASE WHEN rl.salt IS NOT NULL THEN %s ELSE b.lease_token END AS lease_token,
      b.reason, b.delay_ms
      """.formatted(DERIVED_STATUS, IN_LANE, DERIVED_ATTEMPTS, leaseToken("rl.salt", "b.id"));

  /** Every block of these sessions (a cancel needs them all). $1 session ids. */
  public static final String LOAD_ALL_FOR_PLANNING = "SELECT " + PLANNING_COLUMNS
      + " FROM unnest($1::bigint[]) AS x(session_id), LATERAL (SELECT * FROM blocks"
      + " WHERE id BETWEEN blockline_block_id(x.session_id, 0) AND blockline_block_id(x.session_id, 1048575) OFFSET 0) b"
      + " LEFT JOIN LATERAL " + RANGE_HOLDING
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
   * {@link #START_WAITING}, never one by one; with a failed blocker stored, it loads them as
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
      """ + "SELECT " + PLANNING_COLUMNS + " FROM blocks b LEFT JOIN LATERAL " + RANGE_HOLDING
      + " WHERE b.id = ANY(ARRAY(SELECT id FROM picked)) ORDER BY b.id";

  /** Every block of these sessions counted by status, STANDBY split by released: the tally's check. $1 session ids. */
  public static final String RECOUNT = """
      SELECT x.session_id, %s AS status, (b.next_run_at IS NOT NULL OR (rl.salt IS NULL AND %s)) AS released,
             count(*)::int AS n
      FROM unnest($1::bigint[]) AS x(session_id), LATERAL (
        SELECT * FROM blocks
        WHERE id BETWEEN blockline_block_id(x.session_id, 0) AND blockline_block_id(x.session_id, 1048575) OFFSET 0) b
      LEFT JOIN LATERAL %s
      GROUP BY 1, 2, 3
      """.formatted(DERIVED_STATUS, IN_LANE, RANGE_HOLDING);

  /**
   * The untouched blocks of range {@code r} (alias {@code b}): its running blocks. Through the
   * primary key, one id range, filtered outside it (OFFSET 0): with the filter inside, the plan
   * read blocks_waiting instead, whose predicate the filter matches, all its entries for each
   * range (3 ms a range with a queue of 100,000).
   */
  static final String UNTOUCHED_OF_RANGE = """
      (SELECT * FROM (SELECT * FROM blocks
                      WHERE id BETWEEN blockline_block_id(r.session_id, r.first_seq)
                                   AND blockline_block_id(r.session_id, r.last_seq) OFFSET 0) b
       WHERE %s) b""".formatted(UNTOUCHED);

  /** {@link #UNTOUCHED_OF_RANGE} joined to range {@code r}. */
  static final String HELD_BY_RANGE = "LATERAL " + UNTOUCHED_OF_RANGE;

  /**
   * Running blocks of these sessions (the one count the sessions' tallies leave open): running
   * rows, and the untouched blocks of their ranges. A settled range is deleted by its node, so
   * the ranges read are the few in flight. $1 session ids.
   */
  public static final String RUNNING_COUNTS = """
      SELECT session_id, sum(n)::int AS n FROM (
        SELECT session_id, count(*) AS n FROM blocks
        WHERE session_id = ANY($1::bigint[]) AND status = 'RUNNING' GROUP BY session_id
        UNION ALL
        SELECT r.session_id, count(*) FROM range_leases r, %s
        WHERE r.session_id = ANY($1::bigint[]) GROUP BY r.session_id) c
      GROUP BY session_id
      """.formatted(HELD_BY_RANGE);

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
   * $13 new leases, $14 executions, $15 node id, $16 lease ms, $17 expected lease tokens, $18 and $19 the
   * start and end of a first run kept in the block's row (null for none; V15). The runs recorded in
   * the same statement (an empty batch inserts none): $20 to $26 as $1 to $7 of {@link #INSERT_RUNS}.
   */
  public static final String UPDATE_MANY = "WITH " + changedBlocks() + ", recorded AS (" + insertRuns(20) + ") "
      + guard();

  /**
   * {@link #UPDATE_MANY} and the sessions' update ({@code SessionSql.updateMany}) in one statement,
   * one message less for a step of a sequential chain: $1 to $26 as there, $27 to $36 as $1 to $10
   * in the second. Only when no session becomes SUCCESS or PAUSED: their output is read from
   * blocks this very statement writes, which it would not see.
   */
  public static final String UPDATE_MANY_AND_SESSIONS = "WITH " + changedBlocks() + ", recorded AS ("
      + insertRuns(20) + "), written AS (" + SessionSql.updateMany(27) + ") " + guard();

  /**
   * Writes a completion under the lease its run was given: a running row under that token, or an
   * untouched row inside the live range whose salt the token carries ({@link #leaseToken}). A
   * range turned into running rows (its lease ended) is deleted with that change, so the token
   * then matches the row.
   */
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
            started_at   = CASE WHEN u.lease IS NOT NULL THEN now() ELSE coalesce(rl.claimed_at, b.started_at) END,
            finished_at  = CASE WHEN u.status IN ('SUCCESS','ERROR','BLOCKER','TIMEOUT','CANCELLED','SKIPPED')
                                THEN now() END,
            lease_token  = CASE WHEN u.lease IS NOT NULL THEN u.lease
                                WHEN u.status = 'RUNNING' OR (u.status = 'CANCELLED' AND u.expected = 'RUNNING')
                                THEN u.expected_lease END,
            leased_by    = CASE WHEN u.lease IS NOT NULL THEN $15 WHEN u.status = 'RUNNING' THEN b.leased_by END,
            lease_until  = CASE WHEN u.lease IS NOT NULL THEN now() + $16 * interval '1 millisecond'
                                WHEN u.status = 'RUNNING' THEN b.lease_until END,
            run_started_at  = coalesce(u.run_started, b.run_started_at),
            run_finished_at = coalesce(u.run_finished, b.run_finished_at)
        FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::int[], $7::int[], $8::text[],
                    $9::bool[], $10::text[], $11::bool[], $12::text[], $13::uuid[], $14::int[], $17::uuid[],
                    $18::timestamptz[], $19::timestamptz[])
             AS u(id, expected, status, due, due_ms, attempts, replay_count, reason, result_changed, result,
                  error_changed, error, lease, executions, expected_lease, run_started, run_finished)
             LEFT JOIN LATERAL (
               SELECT r.claimed_at FROM range_leases r
               WHERE u.expected = 'RUNNING' AND r.session_id = u.id >> 20
                 AND r.first_seq <= (u.id & 1048575)::int AND r.last_seq >= (u.id & 1048575)::int
                 AND r.salt = %s
               ORDER BY r.first_seq DESC LIMIT 1) rl ON true
        WHERE b.id = u.id
          AND ((b.status = u.expected AND b.lease_token IS NOT DISTINCT FROM u.expected_lease)
            OR (rl.claimed_at IS NOT NULL AND %s))
        RETURNING 1
      )""".formatted(saltOf("u.expected_lease"), UNTOUCHED);
  }

  private static String guard() {
    return "SELECT blockline_expect_rows(count(*), cardinality($1::bigint[])) FROM changed";
  }

  /** What a worker needs of blocks this transaction claimed directly (same shape as {@link #CLAIM}). $1 ids. */
  public static final String CLAIMED_RUNS = """
      SELECT b.id, b.token, b.session_id, b.seq, b.block_key, b.handler, b.params, b.dataset, b.attempts, b.executions,
             b.replay_count, b.timeout_ms, b.lease_token, b.started_at, s.token AS session_token, s.mode,
             false AS session_now_running, false AS ranged,
             CASE WHEN s.mode = 'pipeline' THEN
               (SELECT p.result FROM blocks p WHERE p.id = b.id - 1 AND p.session_id = b.session_id)
             END AS previous_result
      FROM blocks b JOIN sessions s ON s.id = b.session_id
      WHERE b.id = ANY($1::bigint[]) ORDER BY b.id
      """;

  /**
   * A plain parallel session's start (its blocks have no requirements and no delays): each
   * session whose blocks can be claimed by ranges gets a lane (V14) and its blocks stay as they
   * are; every other one has its waiting blocks released, due now, through blocks_waiting (the
   * rows keep their submit-time fair keys). By ranges only with $2, and only a session whose
   * blocks are all untouched, none a blocker or an interrupt, all of one priority, of fair keys
   * following their seqs (as a submit gives them), none of a handler type in $3 (kinds whose
   * runs need a running row of their own: a command's recorded process), and of at least
   * {@link SubmitLanes#MIN_BLOCKS} blocks (why: there).
   * $1 session ids, $2 by ranges, $3 handler types never claimed by ranges.
   */
  public static final String START_WAITING = """
      WITH laned AS (
        INSERT INTO session_lanes (session_id, priority, first_key, next_seq, last_seq)
        SELECT x.id, f.priority, f.fair_key, 0, s.n_blocks - 1
        FROM unnest($1::bigint[]) AS x(id)
        JOIN sessions s ON s.id = x.id
        JOIN blocks f ON f.id = blockline_block_id(x.id, 0)
        WHERE $2 AND s.plain AND s.mode = 'parallel' AND s.max_parallel IS NULL AND s.n_blocks >= %d
          AND NOT EXISTS (
            SELECT 1 FROM (SELECT * FROM blocks
                           WHERE id BETWEEN blockline_block_id(x.id, 0) AND blockline_block_id(x.id, 1048575)
                           OFFSET 0) b
            WHERE NOT (%s) OR b.blocker OR b.interrupt OR b.priority <> f.priority
               OR b.fair_key <> f.fair_key + b.seq OR b.handler->>'type' = ANY($3::text[]))
        ON CONFLICT (session_id) DO NOTHING
        RETURNING session_id
      )
      UPDATE blocks SET next_run_at = now()
      WHERE session_id = ANY($1::bigint[]) AND status = 'STANDBY' AND next_run_at IS NULL
        AND session_id NOT IN (SELECT session_id FROM laned)
      """.formatted(SubmitLanes.MIN_BLOCKS, UNTOUCHED);

  /** A cancel stops the session's lane before it reads its blocks. $1 session ids. */
  public static final String DELETE_LANES = "DELETE FROM session_lanes WHERE session_id = ANY($1::bigint[])";

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
   * STANDBY session for each block claimed (50 ms a claim with 500 sessions waiting). JIT is off:
   * the generic plan's cost guess for a range's blocks passes jit_above_cost, and a server with
   * JIT compiled the claim at every execution (about 50 ms a claim on PostgreSQL 15 with LLVM).
   * Sequential scans are off as in the engine's transactions ({@code SessionSql.BEGIN_WITH_GENERIC_PLANS}):
   * the lanes and ranges a claim moves on are found by key, not by scanning tables whose dead
   * rows outnumber their live ones between two vacuums.
   */
  static final String BEGIN_CLAIM = "BEGIN; SET LOCAL plan_cache_mode = force_generic_plan; SET LOCAL enable_bitmapscan = off;"
      + " SET LOCAL jit = off; SET LOCAL enable_seqscan = off";

  /**
   * The claim: released, due blocks and lanes' ranges, higher priority first then in fair-key
   * order (FIFO per owner, owners interleaved: V9). Blocks are locked without waiting and moved
   * to RUNNING under a fresh lease in the same statement; the first {@link #LANES_PER_CLAIM}
   * lanes in claim order (locked without waiting) offer their next blocks, whose fair keys
   * follow their seqs, and those the order takes become one range per lane ({@code range_leases},
   * V14): their rows are not written, and the lane moves on (or goes, at its end). A range's
   * untouched blocks are its runs, attempt and lease token derived as the reads derive them.
   * Sessions become RUNNING unless a transaction holds them (it is about to write their status
   * anyway); they are locked first and then updated by key, each once per claim: as
   * {@code UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)}, a generic plan made while
   * the sessions table looked empty (a fresh database, before autovacuum's first analyze) ran
   * that subquery for every session there was, 2.4 s a claim with 3,500 sessions. The runs read
   * their sessions one by one by key (the OFFSET 0 keeps that lateral lookup from becoming a
   * join): the generic plan guesses 200 ranges of 241 blocks, and for that many it hashed the
   * whole sessions table at every claim (20 ms with 80,000 sessions, a drain at a fifth of its
   * speed whenever a connection had prepared it so). Returns each block's place in the claim
   * order too ({@code claim_priority}, {@code fair_key}, {@code id}): where a full claim stopped,
   * the next may resume
   * ({@link #CLAIM_AFTER}; lanes are read from their head whatever the place).
   * $1 limit, $2 node id, $3 lease ms, $4 the claim's salt.
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

  /** Lanes a claim looks at: one offers a claim's worth of blocks, more serve fair share between owners. */
  static final int LANES_PER_CLAIM = 4;

  /**
   * The lease token a claim gives block {@code id}: the claim's salt (a random bigint, one per
   * statement, in parameter {@code salt}) then the block's id, 128 bits. Unique to this claim of
   * this block, which is all the fence asks of it. gen_random_uuid() per row cost 2.3 µs of
   * database CPU each on PostgreSQL 15 with OpenSSL 3 (this takes 0.2 µs).
   */
  static String leaseToken(String salt, String id) {
    return "(lpad(to_hex(%s::bigint), 16, '0') || lpad(to_hex(%s), 16, '0'))::uuid".formatted(salt, id);
  }

  /** The salt a lease token carries (its first 64 bits, {@link #leaseToken}). */
  static String saltOf(String token) {
    return "('x' || translate(left(%s::text, 18), '-', ''))::bit(64)::bigint".formatted(token);
  }

  private static String claim(String after) {
    return """
      WITH due AS MATERIALIZED (
        SELECT id, -priority AS p, fair_key AS k FROM blocks
        WHERE %s %s
        ORDER BY %s
        LIMIT $1
        FOR UPDATE SKIP LOCKED
      ), lane AS MATERIALIZED (
        SELECT session_id, -priority AS p, first_key, next_seq, last_seq FROM session_lanes
        ORDER BY (-priority), first_key, session_id
        LIMIT %d
        FOR UPDATE SKIP LOCKED
      ), taken AS MATERIALIZED (
        SELECT * FROM (
          SELECT p, k, id, NULL::bigint AS lane, 0 AS seq FROM due
          UNION ALL
          SELECT l.p, l.first_key + g.seq, blockline_block_id(l.session_id, g.seq), l.session_id, g.seq
          FROM lane l, generate_series(l.next_seq, least(l.last_seq, l.next_seq + $1::int - 1)) AS g(seq)
        ) offered
        ORDER BY p, k, id
        LIMIT $1
      ), ranges AS MATERIALIZED (
        SELECT lane AS session_id, min(seq) AS first_seq, max(seq) AS last_seq FROM taken
        WHERE lane IS NOT NULL GROUP BY lane
      ), leased AS (
        INSERT INTO range_leases (session_id, first_seq, last_seq, salt, leased_by, lease_until, claimed_at)
        SELECT session_id, first_seq, last_seq, $4, $2, now() + $3 * interval '1 millisecond', now() FROM ranges
      ), moved AS (
        UPDATE session_lanes l SET next_seq = r.last_seq + 1
        FROM ranges r WHERE l.session_id = r.session_id AND r.last_seq < l.last_seq
      ), ended AS (
        DELETE FROM session_lanes l USING ranges r WHERE l.session_id = r.session_id AND r.last_seq >= l.last_seq
      ), claimed AS (
        UPDATE blocks b
        SET status = 'RUNNING', attempts = b.attempts + 1, executions = b.executions + 1, lease_token = %s, leased_by = $2,
            lease_until = now() + $3 * interval '1 millisecond', started_at = now(), next_run_at = NULL
        FROM taken t WHERE t.lane IS NULL AND b.id = t.id
        RETURNING b.id, b.token, b.session_id, b.seq, b.block_key, b.handler, b.params, b.dataset, b.attempts, b.executions,
                  b.replay_count, b.timeout_ms, b.lease_token, b.started_at, b.priority AS claim_priority, b.fair_key,
                  false AS ranged
      ), runs AS (
        SELECT * FROM claimed
        UNION ALL
        SELECT b.id, b.token, b.session_id, b.seq, b.block_key, b.handler, b.params, b.dataset, b.attempts + 1,
               b.executions + 1, b.replay_count, b.timeout_ms, %s, now(), b.priority, b.fair_key, true
        FROM ranges r, %s
      ), starting_sessions AS MATERIALIZED (
        SELECT l.id FROM sessions l
        WHERE l.id = ANY(ARRAY(SELECT DISTINCT session_id FROM runs)) AND l.status = 'STANDBY'
        FOR UPDATE SKIP LOCKED
      ), running_sessions AS (
        UPDATE sessions s SET status = 'RUNNING'
        WHERE s.id = ANY(ARRAY(SELECT id FROM starting_sessions))
        RETURNING s.id
      )
      SELECT c.*, s.token AS session_token, s.mode,
             c.session_id IN (SELECT id FROM running_sessions) AS session_now_running,
             CASE WHEN s.mode = 'pipeline' THEN
               (SELECT p.result FROM blocks p WHERE p.id = c.id - 1 AND p.session_id = c.session_id)
             END AS previous_result
      FROM runs c CROSS JOIN LATERAL (SELECT token, mode FROM sessions WHERE id = c.session_id OFFSET 0) s
      ORDER BY c.id
      """.formatted(CLAIMABLE_NOW, after, CLAIM_ORDER, LANES_PER_CLAIM, leaseToken("$4", "b.id"),
        leaseToken("$4", "b.id"), HELD_BY_RANGE);
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

  // ---- ranges (V14) ----

  /** Keeps this node's ranges alive, those of the claims whose salts are given. $1 node id, $2 salts, $3 lease ms. */
  public static final String RENEW_RANGES = """
      UPDATE range_leases SET lease_until = now() + $3 * interval '1 millisecond'
      WHERE leased_by = $1 AND salt = ANY($2::bigint[])
      """;

  /** On a graceful stop: this node's ranges of these claims expire now (see {@link #EXPIRE_LEASES}). $1 node id, $2 salts. */
  public static final String EXPIRE_RANGES = """
      UPDATE range_leases SET lease_until = now() WHERE leased_by = $1 AND salt = ANY($2::bigint[])
      """;

  /**
   * Deletes ranges whose every block was written (settled): the node that claimed them sends it
   * once their completions committed. A range with a block still untouched stays, to be turned
   * into running rows when its lease ends. $1 session ids, $2 the salts of their claims.
   */
  public static final String DELETE_SETTLED_RANGES = """
      DELETE FROM range_leases r USING unnest($1::bigint[], $2::bigint[]) AS u(session_id, salt)
      WHERE r.session_id = u.session_id AND r.salt = u.salt
        AND NOT EXISTS (SELECT 1 FROM %s)
      """.formatted(UNTOUCHED_OF_RANGE);

  /**
   * Ranges whose lease ended become what a claim block by block would have left: each untouched
   * block a running row, in the range's attempt, under the token the range gave it (its run's
   * late outcome is still recognised), with the range's node and lease end; the range goes. The
   * rescue then finds them as any expired lease. Ranges another transaction holds are skipped;
   * rows a completion holds are waited for (a completion never waits for a range: no deadlock),
   * and a row it wrote meanwhile is left as written (the condition on {@code t} is checked again
   * on the row as the completion left it). $1 most ranges.
   */
  public static final String MATERIALIZE_EXPIRED_RANGES = """
      WITH expired AS (
        SELECT session_id, first_seq FROM range_leases WHERE lease_until < now()
        ORDER BY lease_until LIMIT $1 FOR UPDATE SKIP LOCKED
      ), gone AS (
        DELETE FROM range_leases r USING expired e WHERE r.session_id = e.session_id AND r.first_seq = e.first_seq
        RETURNING r.session_id, r.first_seq, r.last_seq, r.salt, r.leased_by, r.lease_until, r.claimed_at
      )
      UPDATE blocks t
      SET status = 'RUNNING', attempts = t.attempts + 1, executions = t.executions + 1, lease_token = %s,
          leased_by = r.leased_by, lease_until = r.lease_until, started_at = r.claimed_at
      FROM gone r, %s
      WHERE t.id = b.id AND %s
      """.formatted(leaseToken("r.salt", "t.id"), HELD_BY_RANGE, UNTOUCHED.replace("b.", "t."));

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

  /** Run history, written with the outcome (a first run that succeeded goes into its block's row
   *  instead, V15). $1 block ids, $2 attempts, $3 items (-1 = none), $4 started, $5 finished,
   *  $6 statuses, $7 errors (json text). */
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

  /** $1 token. A block of a live range shows as running (see {@link #RANGE_HOLDING}). */
  public static final String VIEW = """
      SELECT b.id, b.token, b.block_key, b.name, b.seq, %s AS status, b.handler, %s AS attempts, b.replay_count,
             b.next_run_at, %s AS started_at, b.finished_at, b.result, b.error, b.reason, b.params, b.dataset,
             b.requires, b.blocker, b.replayable, b.interrupt, b.priority, b.timeout_ms, b.delay_ms,
             s.token AS session_token, s.owner
      FROM blocks b JOIN sessions s ON s.id = b.session_id LEFT JOIN LATERAL %s
      WHERE b.id = blockline_block_id($1) AND b.token = $1
      """.formatted(DERIVED_STATUS, DERIVED_ATTEMPTS, DERIVED_STARTED_AT, RANGE_HOLDING);

  /**
   * $1 session id. Blocks of live ranges show as running. The id range is blockline_block_id's
   * arithmetic written out: PostgreSQL plans this statement at every call (its generic plan's
   * guess of the range's size is too high to be chosen), and at each plan it ran that function
   * with the constant id, a SQL function's parse and plan: 0.6 ms of planning instead of 0.15.
   */
  public static final String VIEWS_OF_SESSION = """
      SELECT b.id, b.token, b.block_key, b.name, b.seq, %s AS status, b.handler, %s AS attempts, b.replay_count,
             b.next_run_at, %s AS started_at, b.finished_at, b.result, b.error, b.reason, b.requires
      FROM blocks b LEFT JOIN LATERAL %s
      WHERE b.id BETWEEN ($1::bigint << 20) AND ($1::bigint << 20) + 1048575 ORDER BY b.id
      """.formatted(DERIVED_STATUS, DERIVED_ATTEMPTS, DERIVED_STARTED_AT, RANGE_HOLDING);

  /** $1 block id. Through {@code block_runs}: the runs table and a first run kept in the block's row (V15). */
  public static final String RUNS_OF_BLOCK = """
      SELECT attempt, item, started_at, finished_at, status, error FROM block_runs WHERE block_id = $1 ORDER BY id
      """;

  /** $1 block id. */
  public static final String ACTIVITY_OF_BLOCK = """
      SELECT at, level, line FROM activity WHERE block_id = $1 ORDER BY id
      """;
}
