package io.blockline.store;

/** Every SQL statement on sessions. Positional parameters are listed above each. */
public final class SessionSql {
  private SessionSql() {
  }

  /**
   * Group-committed submit: the sessions and all their blocks in one statement (one round trip).
   * Blocks flagged in $31 are claimed by this very statement for the submitting node's free
   * workers (RUNNING under a fresh lease, as {@code BlockSql.CLAIM} would), which saves the claim's
   * round trip and row rewrite when the queue is empty; the statement returns them in the claim's
   * shape (kept simple on purpose: a window or a sort here made PostgreSQL plan it at every call). Sessions: $1 tokens, $2 names, $3 owners, $4 execution times, $5 priorities, $6 modes,
   * $7 max parallel, $8 metadata (json text), $9 callbacks (json text), $10 started now, $11 statuses,
   * $12 block counts, $13 waiting (unreleased) counts. Blocks: $14 session tokens, $15 tokens, $16 seqs,
   * $17 keys, $18 names, $19 handlers, $20 params, $21 datasets, $22 requires (json arrays), $23 blocker,
   * $24 replayable, $25 retry, $26 delays, $27 priorities, $28 timeouts, $29 interrupt, $30 released now,
   * $31 claimed now, $34 the required blocks' seqs (json arrays), $35 each block's distance from the end
   * of its owner's lane in this batch. $32 node id, $33 lease ms. Lanes: $36 owners ('' for none; sorted,
   * so that two nodes' commits lock them in one order), $37 their blocks in this batch. $38 plain (see V11). $39 the lease salt of the
   * blocks it claims ({@code BlockSql.leaseToken}). $40 the first seq of each session's lane, -1 for
   * none ({@code SubmitLanes}); $41 whether each block is in its session's lane. Json values travel as text.
   *
   * <p>A session with a lane ({@code session_lanes}, V14) is claimed by ranges from the start: its
   * blocks after the lane's first seq are stored untouched (STANDBY, not released, as a run call
   * leaves them), and the lane offers them in their fair-key order.
   *
   * <p>Fair share: each owner's blocks are keyed from max(the fair key at the head of the due queue,
   * the owner's last key) upwards (with no due block, from the highest key given so far), and the
   * claim orders by that key; see V9.
   */
  public static final String INSERT_MANY = insertMany(fairHead());

  /**
   * {@link #INSERT_MANY} whose head of the queue is looked for only after a place in the claim
   * order, the last block this node's claims took ($42 its priority, $43 fair key, $44 id): from
   * the head of the index, the lookup steps over the dead entry of every block claimed since the
   * last vacuum, 16 ms after a drain of 100,000 blocks, in each group commit (V13). A due block
   * before that place (a retry, one another node passed) is not seen: a new owner's blocks are
   * then keyed after it rather than beside it.
   */
  public static final String INSERT_MANY_AFTER =
      insertMany(fairHead(BlockSql.afterPlace(42)));

  private static String insertMany(String head) {
    return "WITH head AS (" + head + """
      ), lanes AS (
        INSERT INTO owner_lanes AS l (owner, last_key)
        SELECT u.owner, h.k + u.n FROM unnest($36::text[], $37::bigint[]) AS u(owner, n), head h
        ON CONFLICT (owner) DO UPDATE
          SET last_key = greatest(l.last_key, (SELECT k FROM head)) + EXCLUDED.last_key - (SELECT k FROM head)
        RETURNING owner, last_key
      ), s AS (
        INSERT INTO sessions (token, name, owner, execution_time, priority, mode, max_parallel, metadata, callback,
                              started_at, status, n_blocks, n_waiting, plain)
        SELECT u.token, u.name, u.owner, u.execution_time, u.priority, u.mode, u.max_parallel, u.metadata::jsonb,
               u.callback::jsonb, CASE WHEN u.started THEN now() END, u.status, u.n_blocks, u.n_waiting, u.plain
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::int[], $8::text[],
                    $9::text[], $10::bool[], $11::text[], $12::int[], $13::int[], $38::bool[])
             AS u(token, name, owner, execution_time, priority, mode, max_parallel, metadata, callback, started, status,
                  n_blocks, n_waiting, plain)
        RETURNING id, token, mode, owner
      ), b AS (
        INSERT INTO blocks (id, token, session_id, seq, block_key, name, handler, params, dataset, requires, requires_seq,
                            blocker, replayable, retry, delay_ms, priority, timeout_ms, interrupt, next_run_at,
                            status, attempts, executions, lease_token, leased_by, lease_until, started_at, fair_key)
        SELECT blockline_block_id(s.id, u.seq), u.token, s.id, u.seq, u.block_key, u.name, u.handler::jsonb, u.params::jsonb, u.dataset::jsonb,
               CASE WHEN u.requires = '[]' THEN '{}' ELSE ARRAY(SELECT jsonb_array_elements_text(u.requires::jsonb)) END,
               CASE WHEN u.requires_seq = '[]' THEN '{}'
                    ELSE ARRAY(SELECT jsonb_array_elements_text(u.requires_seq::jsonb)::int) END,
               u.blocker, u.replayable, u.retry::jsonb,
               u.delay_ms, u.priority, u.timeout_ms, u.interrupt,
               CASE WHEN u.released AND NOT u.claim AND NOT u.laned THEN now() + u.delay_ms * interval '1 millisecond' END,
               CASE WHEN u.claim THEN 'RUNNING' ELSE 'STANDBY' END,
               CASE WHEN u.claim THEN 1 ELSE 0 END, CASE WHEN u.claim THEN 1 ELSE 0 END,
               CASE WHEN u.claim THEN """ + BlockSql.leaseToken("$39", "blockline_block_id(s.id, u.seq)") + """
               END, CASE WHEN u.claim THEN $32::text END,
               CASE WHEN u.claim THEN now() + $33 * interval '1 millisecond' END, CASE WHEN u.claim THEN now() END,
               lanes.last_key - u.lane_back
        FROM unnest($14::text[], $15::text[], $16::int[], $17::text[], $18::text[], $19::text[], $20::text[],
                    $21::text[], $22::text[], $23::bool[], $24::bool[], $25::text[], $26::bigint[], $27::int[],
                    $28::bigint[], $29::bool[], $30::bool[], $31::bool[], $34::text[], $35::bigint[], $41::bool[])
             AS u(session_token, token, seq, block_key, name, handler, params, dataset, requires, blocker, replayable,
                  retry, delay_ms, priority, timeout_ms, interrupt, released, claim, requires_seq, lane_back, laned)
        JOIN s ON s.token = u.session_token
        JOIN lanes ON lanes.owner = coalesce(s.owner, '')
        RETURNING id, token, session_id, seq, block_key, handler, params, dataset, attempts, executions, replay_count,
                  timeout_ms, lease_token, started_at, status, priority, fair_key
      ), laned AS (
        INSERT INTO session_lanes (session_id, priority, first_key, next_seq, last_seq)
        SELECT s.id, b.priority, b.fair_key - b.seq, u.next_seq, u.n_blocks - 1
        FROM unnest($1::text[], $40::int[], $12::int[]) AS u(token, next_seq, n_blocks)
        JOIN s ON s.token = u.token
        JOIN b ON b.session_id = s.id AND b.seq = u.next_seq
        WHERE u.next_seq >= 0
      )
      SELECT b.id, b.token, b.session_id, b.seq, b.block_key, b.handler, b.params, b.dataset, b.attempts, b.executions,
             b.replay_count, b.timeout_ms, b.lease_token, b.started_at, s.token AS session_token, s.mode,
             false AS session_now_running, NULL::jsonb AS previous_result, false AS ranged
      FROM b JOIN s ON s.id = b.session_id
      WHERE b.status = 'RUNNING'
      """;
  }

  /**
   * Serialises the submits of these owners until the transaction ends (quotas.maxActiveSessions),
   * so that counting their sessions and inserting new ones is one step for all nodes. $1 lanes
   * (owners, '' for none), sorted: two submits lock them in one order.
   */
  public static final String LOCK_LANES =
      "SELECT pg_advisory_xact_lock(hashtextextended('blockline.lane:' || lane, 0)) FROM unnest($1::text[]) AS lane";

  /**
   * Unfinished sessions of these owners (finished_at is set exactly when a session ends), through
   * {@link #UNFINISHED_INDEX}: with the quota on, they are few. Run after {@link #LOCK_LANES} as a
   * statement of its own, so that its snapshot sees what the submit that held the lock before
   * committed. $1 lanes.
   */
  public static final String ACTIVE_SESSIONS = """
      SELECT coalesce(owner, '') AS lane, count(*)::int AS active FROM sessions
      WHERE finished_at IS NULL AND (owner = ANY($1::text[]) OR (owner IS NULL AND '' = ANY($1::text[])))
      GROUP BY 1
      """;

  /**
   * The index {@link #ACTIVE_SESSIONS} reads, created at start-up only on nodes with
   * quotas.maxActiveSessions set: it makes a session's last write (setting finished_at) a non-HOT
   * update, a cost the other deployments do not pay. CONCURRENTLY, so a large table stays writable
   * meanwhile; an invalid one left by an interrupted build is dropped first ({@link #UNFINISHED_INDEX_VALID}).
   */
  public static final String UNFINISHED_INDEX =
      "CREATE INDEX CONCURRENTLY IF NOT EXISTS sessions_unfinished ON sessions (owner) WHERE finished_at IS NULL";

  /** true: there and usable; false: an interrupted build's leftover; no row: absent. */
  public static final String UNFINISHED_INDEX_VALID = """
      SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = to_regclass('sessions_unfinished')
      """;

  public static final String DROP_UNFINISHED_INDEX = "DROP INDEX CONCURRENTLY IF EXISTS sessions_unfinished";

  /**
   * The fair key a submit's lanes start from (the {@code head} of {@link #INSERT_MANY}): the key of
   * the block the claim would take next, found from the head of the claim's own index and of the
   * sessions' lanes (V14), whichever comes first in the claim order; with nothing due, the highest
   * key given so far.
   */
  static String fairHead() {
    return fairHead("");
  }

  /** {@link #fairHead()} with a condition on the blocks looked at. */
  static String fairHead(String after) {
    return """
        SELECT coalesce(
          CASE WHEN l.k IS NULL OR (b.p IS NOT NULL AND (b.p, b.k) <= (l.p, l.k)) THEN b.k ELSE l.k END,
          (SELECT max(last_key) FROM owner_lanes), 0) AS k
        FROM (SELECT 1) one
        LEFT JOIN LATERAL (SELECT -priority AS p, fair_key AS k FROM blocks
                           WHERE %s %s
                           ORDER BY %s LIMIT 1) b ON true
        LEFT JOIN LATERAL (SELECT -priority AS p, first_key + next_seq AS k FROM session_lanes
                           ORDER BY (-priority), first_key, session_id LIMIT 1) l ON true
        """.formatted(BlockSql.CLAIMABLE_NOW, after, BlockSql.CLAIM_ORDER);
  }

  /**
   * Forgets the fair-share lanes at or behind the head of the queue: a submit keys such an owner's
   * blocks from the head anyway, so the row says nothing any more (the highest lane stays, as the
   * head when nothing is due). Keeps the table as small as the owners with work ahead.
   */
  public static final String PRUNE_LANES = "DELETE FROM owner_lanes WHERE last_key < (" + fairHead() + ")";

  /**
   * Opens the engine's transactions (one message), and the claim loop's delete of settled ranges
   * ({@code BlockStore.deleteSettledRanges}), a statement on arrays too. Their statements take arrays, and
   * PostgreSQL's plan cache kept judging the generic plan too costly against plans made for the
   * arrays' actual sizes, so it planned them again at almost every call (about a third of a
   * millisecond of database CPU per transaction); the generic plans are the right ones. Only
   * these: the read side's optional filters do want plans made for their values.
   * JIT is off for the same reason as in the claim ({@code BlockSql.BEGIN_CLAIM}): compiled at every
   * execution of a generic plan whose cost guess passes jit_above_cost. Sequential scans are off:
   * every statement here reads by key, and a generic plan made while range_leases looked tiny
   * scanned that table for each block the planner loaded (its pages full of the dead rows of
   * settled ranges, which no autovacuum had come for yet: 21 pages a block, 24 ms a load, a drain
   * at half its speed). With them off, the key's index is the only cheap plan whatever the
   * statistics say; a table with no index for a statement is still scanned.
   */
  public static final String BEGIN_WITH_GENERIC_PLANS =
      "BEGIN; SET LOCAL plan_cache_mode = force_generic_plan; SET LOCAL jit = off; SET LOCAL enable_seqscan = off";

  /** What the engine reads of a session. */
  private static final String PLANNING_COLUMNS = """
      id, token, owner, mode, max_parallel, status, started_at IS NOT NULL AS started, cancelled, paused_block,
      callback IS NOT NULL AS has_callback, n_blocks, n_success, n_failed, n_blocker, n_prep, n_waiting, version,
      plain
      """;

  /** Locks the sessions a transaction changes, in id order so concurrent batches never deadlock. $1 ids. */
  public static final String LOCK = "SELECT " + PLANNING_COLUMNS
      + " FROM sessions WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE";

  /** {@link #LOCK}'s columns, read back by the transaction that holds the locks (and wrote the rows). $1 ids. */
  public static final String READ_BACK = "SELECT " + PLANNING_COLUMNS + " FROM sessions WHERE id = ANY($1::bigint[])";

  /**
   * Locks sessions a node kept a snapshot of (id order, as {@link #LOCK}), failing with
   * serialization_failure (40001) when any of them changed since: its version moved on, or it is
   * gone. A row updated meanwhile is checked again as it is once the lock is had. $1 ids, $2 the
   * versions of the snapshots, in the same order.
   */
  public static final String LOCK_UNCHANGED = """
      SELECT blockline_expect_rows(count(*), cardinality($1::bigint[])) FROM (
        SELECT id FROM sessions
        WHERE id = ANY($1::bigint[]) AND version = ($2::bigint[])[array_position($1::bigint[], id)]
        ORDER BY id FOR UPDATE) unchanged
      """;

  /** $1 tokens. */
  public static final String IDS_BY_TOKEN = "SELECT id, token FROM sessions WHERE token = ANY($1::text[])";

  /** Writes what a transaction decided, one version further. $1 ids, $2 statuses, $3 start now, $4 cancelled, $5 paused block (0 = none),
   *  $6 success, $7 failed, $8 blocker, $9 prep, $10 waiting counts. */
  public static final String UPDATE_MANY = updateMany(1);

  /**
   * {@link #UPDATE_MANY} with its parameters numbered from {@code first}, to ride in another
   * statement. There, its {@code output} subquery would read the blocks as they were before that
   * statement: only for sessions that do not become SUCCESS or PAUSED (whose output is NULL).
   */
  public static String updateMany(int first) {
    return """
      UPDATE sessions s
      SET status       = u.status,
          version      = s.version + 1,
          n_success    = u.n_success,
          n_failed     = u.n_failed,
          n_blocker    = u.n_blocker,
          n_prep       = u.n_prep,
          n_waiting    = u.n_waiting,
          started_at   = CASE WHEN u.start AND s.started_at IS NULL THEN now() ELSE s.started_at END,
          cancelled    = u.cancelled,
          paused_block = NULLIF(u.paused_block, 0),
          finished_at  = CASE WHEN u.status IN ('SUCCESS','ERROR','BLOCKER','CANCELLED')
                              THEN coalesce(s.finished_at, now()) END,
          output       = CASE
                           WHEN u.status = 'SUCCESS' THEN
                             (SELECT b.result FROM blocks b
                              WHERE b.id BETWEEN blockline_block_id(s.id, 0) AND blockline_block_id(s.id, 1048575)
                              ORDER BY b.id DESC LIMIT 1)
                           WHEN u.status = 'PAUSED' THEN
                             (SELECT b.result FROM blocks b WHERE b.id = u.paused_block)
                         END
      FROM unnest($%d::bigint[], $%d::text[], $%d::bool[], $%d::bool[], $%d::bigint[], $%d::int[], $%d::int[], $%d::int[],
                  $%d::int[], $%d::int[])
           AS u(id, status, start, cancelled, paused_block, n_success, n_failed, n_blocker, n_prep, n_waiting)
      WHERE s.id = u.id
      """.formatted(first, first + 1, first + 2, first + 3, first + 4, first + 5, first + 6, first + 7, first + 8, first + 9);
  }

  /** Sessions whose loop starts them now. $1 execution time, $2 limit. */
  public static final String DUE_TO_START = """
      SELECT id FROM sessions
      WHERE started_at IS NULL AND NOT cancelled AND execution_time = $1
      ORDER BY id LIMIT $2
      """;

  /** Finished sessions only. $1 token. */
  public static final String DELETE_FINISHED = """
      DELETE FROM sessions WHERE token = $1 AND status IN ('SUCCESS','ERROR','BLOCKER','CANCELLED') RETURNING id
      """;

  /**
   * Retention: deletes finished sessions past their time, success and failure separately (their
   * blocks and runs follow with {@link #DELETE_BLOCKS_OF}). BLOCKER and PAUSED sessions wait for
   * a caller and unfinished ones are never touched. $1 success age ms, $2 failure age ms, $3 batch size.
   */
  public static final String PRUNE = """
      DELETE FROM sessions WHERE id IN (
        SELECT id FROM sessions
        WHERE finished_at IS NOT NULL
          AND ((status = 'SUCCESS' AND finished_at < now() - $1 * interval '1 millisecond')
            OR (status IN ('ERROR','CANCELLED') AND finished_at < now() - $2 * interval '1 millisecond'))
        LIMIT $3)
      RETURNING id
      """;

  /**
   * The blocks, runs, command processes, lanes and ranges of deleted sessions (no foreign key
   * cascades to them, see V3, V8 and V14); their activity lines and the sessions' deliveries cascade. Sent after the
   * sessions' delete, in its transaction, so that it sees every run committed while that delete
   * waited for the sessions' locks. $1 session ids.
   */
  public static final String DELETE_BLOCKS_OF = """
      WITH gone AS (
        DELETE FROM blocks WHERE id = ANY(ARRAY(
          SELECT b.id FROM unnest($1::bigint[]) AS x(session_id), LATERAL (
            SELECT id FROM blocks
            WHERE id BETWEEN blockline_block_id(x.session_id, 0) AND blockline_block_id(x.session_id, 1048575) OFFSET 0) b))
        RETURNING id),
      gone_runs AS (DELETE FROM runs WHERE block_id IN (SELECT id FROM gone)),
      gone_lanes AS (DELETE FROM session_lanes WHERE session_id = ANY($1::bigint[])),
      gone_ranges AS (DELETE FROM range_leases WHERE session_id = ANY($1::bigint[]))
      DELETE FROM command_runs WHERE block_id IN (SELECT id FROM gone)
      """;

  /** $1 token. */
  public static final String VIEW = """
      SELECT id, token, name, owner, status, execution_time, priority, mode, max_parallel, created_at, started_at,
             finished_at, output, metadata, callback
      FROM sessions WHERE token = $1
      """;

  /** Newest first, filters optional. $1 status, $2 owner, $3 name, $4 cursor (id below), $5 limit. */
  public static final String LIST = """
      SELECT s.id, s.token, s.name, s.owner, s.status, s.created_at, s.finished_at, s.n_blocks AS block_count
      FROM sessions s
      WHERE ($1::text IS NULL OR s.status = $1)
        AND ($2::text IS NULL OR s.owner = $2)
        AND ($3::text IS NULL OR s.name = $3)
        AND ($4::bigint IS NULL OR s.id < $4)
      ORDER BY s.id DESC
      LIMIT $5
      """;
}
