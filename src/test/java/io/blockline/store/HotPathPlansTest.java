package io.blockline.store;

import io.blockline.db.DatabaseTarget;
import io.blockline.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot statements' plans over a table of 40,000 blocks, as PostgreSQL runs them in the
 * engine's transactions (generic plans, whose row estimates are guesses): each block is found
 * through an index, never by reading the whole table. A plan that scans every block costs
 * nothing in a small test and a tenth of a second per call at 100,000 blocks (the start of a
 * 1,000-block session did, when its required blocks were a join).
 */
class HotPathPlansTest {
  private static DatabaseTarget target;

  @BeforeAll
  static void fill() {
    target = TestDatabase.fresh();
    TestDatabase.execute(target, """
        INSERT INTO sessions (token, execution_time, mode, status, n_blocks, n_waiting)
        SELECT 's' || lpad(g::text, 9, '0') || 'abcdefghABCDEFGH', 'ON_REQUEST', CASE WHEN g % 2 = 0 THEN 'parallel' ELSE 'sequential' END, 'STANDBY', 1000, 1000
        FROM generate_series(1, 40) g;
        INSERT INTO blocks (id, token, session_id, seq, block_key, handler, priority, timeout_ms, requires, requires_seq)
        SELECT blockline_block_id(s.id, g), 'b' || substr(s.token, 2) || '.' || g, s.id, g, 'k' || g, '{"type":"builtin","name":"noop"}', 50, 30000,
               CASE WHEN g > 0 AND s.mode = 'sequential' THEN ARRAY['k' || (g - 1)] ELSE '{}' END,
               CASE WHEN g > 0 AND s.mode = 'sequential' THEN ARRAY[g - 1] ELSE '{}' END
        FROM sessions s, generate_series(0, 999) g;
        ANALYZE sessions; ANALYZE blocks;
        """);
  }

  @Test
  void starting_a_parallel_session_reads_its_blocks_by_index() {
    long session = Long.parseLong(TestDatabase.queryOne(target, "SELECT min(id) FROM sessions WHERE mode = 'parallel'"));
    assertThat(genericPlan(BlockSql.LOAD_FOR_PLANNING, "'{" + session + "}'", "1", "'{-1}'", "'{}'"))
        .noneMatch(line -> line.contains("Seq Scan on blocks"));
  }

  @Test
  void starting_a_plain_parallel_session_reads_and_releases_its_blocks_by_index() {
    long session = Long.parseLong(TestDatabase.queryOne(target, "SELECT min(id) FROM sessions WHERE mode = 'parallel'"));
    assertThat(genericPlan(BlockSql.START_WAITING, "'{" + session + "}'", "true", "'{command}'"))
        .anyMatch(line -> line.contains("blocks_waiting"))
        .noneMatch(line -> line.contains("Seq Scan on blocks"));
  }

  @Test
  void planning_a_sequential_session_reads_the_blocks_it_requires_by_index() {
    long session = Long.parseLong(TestDatabase.queryOne(target, "SELECT min(id) FROM sessions WHERE mode = 'sequential'"));
    assertThat(genericPlan(BlockSql.LOAD_FOR_PLANNING, "'{" + session + "}'", "5", "'{10}'", "'{}'"))
        .noneMatch(line -> line.contains("Seq Scan on blocks"));
  }

  @Test
  void completing_blocks_reads_them_by_index() {
    String sessions = "'{" + TestDatabase.queryOne(target, "SELECT string_agg(id::text, ',') FROM sessions WHERE id % 4 = 0") + "}'";
    String targets = "'{" + TestDatabase.queryOne(target, "SELECT string_agg(id::text, ',') FROM blocks WHERE seq < 200 AND session_id % 4 = 0") + "}'";
    assertThat(genericPlan(BlockSql.LOAD_FOR_PLANNING, sessions, "1", "'{-1,-1,-1,-1,-1,-1,-1,-1,-1,-1}'", targets))
        .noneMatch(line -> line.contains("Seq Scan on blocks"));
    assertThat(genericPlan(BlockSql.RUNNING_COUNTS, sessions)).noneMatch(line -> line.contains("Seq Scan on blocks"));
    assertThat(genericPlan(BlockSql.RECOUNT, sessions)).noneMatch(line -> line.contains("Seq Scan on blocks"));
    assertThat(genericPlan(BlockSql.RESULTS_OF_SESSIONS, sessions)).noneMatch(line -> line.contains("Seq Scan on blocks"));
  }

  @Test
  void a_blocks_range_is_found_by_key_however_small_the_ranges_table_looks() {
    // A few ranges, analyzed while few: a generic plan once scanned the whole table (by then full
    // of the dead rows of settled ranges) for each block it loaded.
    TestDatabase.execute(target, """
        INSERT INTO range_leases (session_id, first_seq, last_seq, salt, leased_by, lease_until, claimed_at)
        SELECT s.id, 0, 15, 7, 'node', now() + interval '1 minute', now()
        FROM (SELECT id FROM sessions ORDER BY id LIMIT 3) s;
        ANALYZE range_leases;
        """);
    try {
      String sessions = "'{" + TestDatabase.queryOne(target, "SELECT string_agg(session_id::text, ',') FROM range_leases") + "}'";
      String targets = "'{" + TestDatabase.queryOne(target,
          "SELECT string_agg(id::text, ',') FROM blocks WHERE seq < 200 AND session_id IN (SELECT session_id FROM range_leases)") + "}'";
      assertThat(genericPlan(BlockSql.LOAD_FOR_PLANNING, sessions, "1", "'{-1,-1,-1}'", targets))
          .anyMatch(line -> line.contains("range_leases_pkey"))
          .noneMatch(line -> line.contains("Seq Scan on range_leases"));
      assertThat(genericPlan(BlockSql.RECOUNT, sessions)).noneMatch(line -> line.contains("Seq Scan on range_leases"));
    } finally {
      TestDatabase.execute(target, "DELETE FROM range_leases");
    }
  }

  @Test
  void claiming_and_keying_a_submit_start_from_the_head_of_the_claimable_index() {
    TestDatabase.execute(target, "UPDATE blocks SET next_run_at = now(), fair_key = id WHERE session_id % 2 = 0 AND seq < 500");
    assertThat(genericPlan(BlockSql.CLAIM, "10", "'node'", "30000", "7"))
        .anyMatch(line -> line.contains("blocks_claimable"))
        .noneMatch(line -> line.contains("Seq Scan on blocks"));
    assertThat(genericPlan(SessionSql.fairHead() + " WHERE $1::int > 0", "1"))
        .anyMatch(line -> line.contains("blocks_claimable"))
        .noneMatch(line -> line.contains("Seq Scan on blocks") || line.contains("Sort"));
  }

  @Test
  void a_claim_reads_its_sessions_by_key_however_many_there_are() {
    // Finished sessions pile up for the retention period; a claim must not read them all. Its
    // generic plan guesses 200 ranges of 241 blocks each, and for that many runs it once hashed
    // the whole sessions table at every claim.
    TestDatabase.execute(target, """
        INSERT INTO sessions (token, execution_time, mode, status, n_blocks, n_waiting, finished_at)
        SELECT 'f' || lpad(g::text, 9, '0') || 'abcdefghABCDEFGH', 'ON_REQUEST', 'parallel', 'SUCCESS', 1, 0, now()
        FROM generate_series(1, 20000) g;
        ANALYZE sessions;
        """);
    for (String claim : new String[] {BlockSql.CLAIM, BlockSql.CLAIM_AFTER}) {
      String[] args = claim == BlockSql.CLAIM
          ? new String[] {"10", "'node'", "30000", "7"}
          : new String[] {"10", "'node'", "30000", "7", "50", "1000", "0"};
      assertThat(genericPlan(claim, args))
          .noneMatch(line -> line.contains("Seq Scan on sessions"));
    }
  }

  @Test
  void a_resumed_claim_starts_at_its_place_in_the_claimable_index_under_any_plan() {
    TestDatabase.execute(target, "UPDATE blocks SET next_run_at = now(), fair_key = id WHERE session_id % 2 = 0 AND seq < 500");
    for (boolean generic : new boolean[] {true, false}) {
      // A custom plan knows the priority; it must not trade the order's index for blocks_due and a sort.
      assertThat(plan(generic, BlockSql.CLAIM_AFTER, "10", "'node'", "30000", "7", "50", "1000", "0")).as("generic " + generic)
          .anyMatch(line -> line.contains("Index Scan using blocks_claimable"))
          .anyMatch(line -> line.contains("Index Cond: (ROW((- priority), fair_key, id) > ROW("))
          .noneMatch(line -> line.contains("Seq Scan on blocks") || line.contains("blocks_due"));
    }
    // A submit's head of the queue, looked for after the last block this node's claims took (INSERT_MANY_AFTER).
    assertThat(genericPlan(SessionSql.fairHead(BlockSql.afterPlace(1)),
        "50", "1000", "0"))
        .anyMatch(line -> line.contains("Index Cond: (ROW((- blocks.priority), blocks.fair_key, blocks.id) > ROW(")
            || line.contains("Index Cond: (ROW((- priority), fair_key, id) > ROW("))
        .noneMatch(line -> line.contains("Seq Scan on blocks") || line.contains("blocks_due"));
  }

  @Test
  void the_wake_timer_starts_its_lookup_after_now_not_at_the_dead_head_of_blocks_due() {
    assertThat(genericPlan(BlockSql.NEXT_DUE + " AND $1::int > 0", "1"))
        .anyMatch(line -> line.contains("blocks_due"))
        .anyMatch(line -> line.contains("Index Cond: (next_run_at > now())"))
        .noneMatch(line -> line.contains("Seq Scan on blocks"));
  }

  @Test
  void the_rescue_and_the_node_list_read_running_blocks_through_their_partial_index() {
    // A few hundred running blocks among 40,000: as many as the workers of several nodes.
    TestDatabase.execute(target, """
        INSERT INTO nodes (id, address) VALUES ('n1', 'h:1'), ('n2', 'h:2') ON CONFLICT DO NOTHING;
        UPDATE blocks SET status = 'RUNNING', lease_token = gen_random_uuid(), leased_by = 'n' || (1 + session_id % 2),
               lease_until = now() + interval '30 seconds', next_run_at = NULL
        WHERE id % 128 = 0;
        ANALYZE blocks;
        """);
    assertEachPlanReads("blocks_running",
        new String[] {BlockSql.EXPIRED_LEASES, "100"},
        new String[] {NodeSql.EXPIRE_LEASES_OF_DEAD_NODES, "5000", "'n1'"},
        new String[] {NodeSql.LIST, "5000"});
  }

  @Test
  void a_sessions_blocks_are_one_range_of_the_primary_key() {
    String session = TestDatabase.queryOne(target, "SELECT min(id) FROM sessions WHERE mode = 'parallel'");
    String sessions = "'{" + session + "," + (Long.parseLong(session) + 1) + "}'";
    assertEachPlanReads("blocks_pkey",
        new String[] {BlockSql.LOAD_ALL_FOR_PLANNING, sessions},
        new String[] {BlockSql.RECOUNT, sessions},
        new String[] {BlockSql.RESULTS_OF_SESSIONS, sessions},
        new String[] {BlockSql.VIEWS_OF_SESSION, session},
        new String[] {SessionSql.DELETE_BLOCKS_OF, sessions},
        new String[] {BlockSql.DELETE_SETTLED_RANGES, sessions, "'{1,2}'"},
        new String[] {DeliverySql.ENQUEUE, sessions},
        new String[] {SessionSql.UPDATE_MANY, sessions, "'{SUCCESS,SUCCESS}'", "'{f,f}'", "'{f,f}'", "'{0,0}'", "'{1,1}'",
            "'{0,0}'", "'{0,0}'", "'{0,0}'", "'{0,0}'"});
  }

  @Test
  void a_block_token_is_resolved_by_its_id() {
    String token = "'" + TestDatabase.queryOne(target, "SELECT token FROM blocks WHERE seq = 7 LIMIT 1") + "'";
    assertEachPlanReads("Index Cond: (id = blockline_block_id(",
        new String[] {BlockSql.VIEW, token},
        new String[] {BlockSql.SESSION_IDS_BY_TOKEN, "ARRAY[" + token + "]"},
        new String[] {BlockSql.EXISTING_TOKENS, "ARRAY[" + token + "]"},
        new String[] {BlockSql.INSERT_ACTIVITY, "ARRAY[" + token + "]", "ARRAY[now()]", "'{NOTICE}'", "'{x}'"},
        new String[] {CommandRunSql.OF_BLOCK, token});
  }

  @Test
  void a_token_is_resolved_through_the_sessions_token_or_the_legacy_index_never_a_scan() throws Exception {
    // Tokens given out before V12 (no dot) live in blocks_legacy_token; enough sessions that a scan of them would show.
    TestDatabase.execute(target, """
        INSERT INTO sessions (token, execution_time, mode, n_blocks) VALUES ('s-legacy', 'NOW', 'parallel', 1000);
        INSERT INTO blocks (id, token, session_id, seq, block_key, handler, priority, timeout_ms)
        SELECT blockline_block_id(s.id, g), 'b0000000000legacytoken' || lpad(g::text, 4, '0'), s.id, g, 'k' || g, '{}', 50, 1000
        FROM sessions s, generate_series(0, 999) g WHERE s.token = 's-legacy';
        INSERT INTO sessions (token, execution_time, status) SELECT 's-many-' || g, 'NOW', 'SUCCESS' FROM generate_series(1, 5000) g;
        ANALYZE sessions; ANALYZE blocks;
        """);
    String derived = TestDatabase.queryOne(target, "SELECT token FROM blocks WHERE seq = 7 AND strpos(token, '.') > 0 LIMIT 1");
    try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
         Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      ResultSet found = s.executeQuery("SELECT blockline_block_id('" + derived + "') = (SELECT id FROM blocks WHERE token = '"
          + derived + "' AND seq > -1), blockline_block_id('b0000000000legacytoken0042') % 1048576,"
          + " blockline_block_id('b0000000000nosuchtokenxxxxx.1'), blockline_block_id('" + derived + "0000000')");
      found.next();
      assertThat(found.getBoolean(1)).isTrue();
      assertThat(found.getLong(2)).isEqualTo(42);
      assertThat(found.getObject(3)).isNull();
      assertThat(found.getObject(4)).as("a seq past 2^20 names nothing").isNull();
      c.rollback();
    }
    // A connection of its own: the transaction's counters also hold the earlier, unflushed ones of its backend.
    try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
         Statement s = c.createStatement()) {
      s.execute("BEGIN");
      s.executeQuery("SELECT blockline_block_id('" + derived + "'), blockline_block_id('b0000000000legacytoken0042')").close();
      ResultSet scans = s.executeQuery("""
          SELECT (SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'blocks'),
                 pg_stat_get_xact_numscans('sessions_token_key'::regclass),
                 pg_stat_get_xact_numscans('blocks_legacy_token'::regclass)
          """);
      scans.next();
      assertThat(scans.getLong(1)).as("scans of blocks").isZero();
      assertThat(scans.getLong(2)).as("lookups of a session token").isPositive();
      assertThat(scans.getLong(3)).as("lookups of a legacy token").isPositive();
      s.execute("ROLLBACK");
    }
  }

  @Test
  void the_probe_sees_a_whole_table_scan() {
    // The assertion's own check: a statement that must read every block shows the scan it looks for.
    assertThat(genericPlan("SELECT count(*) FROM blocks WHERE handler ->> 'type' <> '' AND $1::int > 0", "1"))
        .anyMatch(line -> line.contains("Seq Scan on blocks"));
  }

  /** Each statement ({sql, its arguments…}) reads {@code index} in its plan and never scans blocks. */
  private static void assertEachPlanReads(String index, String[]... statements) {
    for (String[] statement : statements) {
      String[] args = java.util.Arrays.copyOfRange(statement, 1, statement.length);
      assertThat(genericPlan(statement[0], args)).as(statement[0])
          .anyMatch(line -> line.contains(index))
          .noneMatch(line -> line.contains("Seq Scan on blocks"));
    }
  }

  /** EXPLAIN of a prepared statement as the engine's transactions (and the claim's) plan it. */
  private static List<String> genericPlan(String sql, String... args) {
    boolean claim = sql.equals(BlockSql.CLAIM) || sql.equals(BlockSql.CLAIM_AFTER);
    return TestDatabase.explain(target, claim ? BlockSql.BEGIN_CLAIM : SessionSql.BEGIN_WITH_GENERIC_PLANS, sql, args);
  }

  /** EXPLAIN of a prepared statement under a generic plan, or under one made for these arguments. */
  private static List<String> plan(boolean generic, String sql, String... args) {
    return TestDatabase.explain(target,
        "BEGIN; SET LOCAL plan_cache_mode = " + (generic ? "force_generic_plan" : "force_custom_plan"), sql, args);
  }
}
