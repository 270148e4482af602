package io.blockline.store;

import io.blockline.db.DatabaseTarget;
import io.blockline.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim's plan when the statistics were taken with a short queue and the queue then grew (a
 * backlog started right after autovacuum analyzed): the claim reads blocks_claimable in its order
 * and stops at its limit, never collecting every due block into a bitmap to sort it, which the
 * bench caught PostgreSQL doing when its guess of the due blocks was a handful
 * ({@link BlockSql#BEGIN_CLAIM}).
 */
class ClaimPlanTest {
  private static DatabaseTarget target;

  @BeforeAll
  static void queueGrownSinceAnalyze() {
    target = TestDatabase.fresh();
    TestDatabase.execute(target, """
        INSERT INTO sessions (token, execution_time, mode, status, n_blocks, n_waiting)
        SELECT 's' || lpad(g::text, 9, '0') || 'abcdefghABCDEFGH', 'ON_REQUEST', 'parallel', 'STANDBY', 1000, 1000
        FROM generate_series(1, 40) g;
        INSERT INTO blocks (id, token, session_id, seq, block_key, handler, priority, timeout_ms, fair_key)
        SELECT blockline_block_id(s.id, g), 'b' || substr(s.token, 2) || '.' || g, s.id, g, 'k' || g,
               '{"type":"builtin","name":"noop"}', 50, 30000, blockline_block_id(s.id, g)
        FROM sessions s, generate_series(0, 999) g;
        UPDATE blocks SET next_run_at = now() WHERE seq < 2;
        ANALYZE sessions; ANALYZE blocks;
        UPDATE blocks SET next_run_at = now() WHERE seq < 600;
        """);
  }

  @Test
  void a_resumed_claim_reads_the_claim_order_from_its_place_whatever_the_statistics_say() {
    List<String> plan = plan(BlockSql.BEGIN_CLAIM, BlockSql.CLAIM_AFTER, "64", "'node'", "30000", "7", "50", "1000", "0");
    assertThat(plan)
        .anyMatch(line -> line.contains("Index Scan using blocks_claimable"))
        .anyMatch(line -> line.contains("Index Cond: (ROW((- priority), fair_key, id) > ROW("))
        .noneMatch(line -> line.contains("Bitmap") || line.contains("Sort Key: ((- ") || line.contains("Seq Scan on blocks"));
  }

  @Test
  void a_claim_from_the_head_reads_the_claim_order_from_its_head() {
    assertThat(plan(BlockSql.BEGIN_CLAIM, BlockSql.CLAIM, "64", "'node'", "30000", "7"))
        .anyMatch(line -> line.contains("Index Scan using blocks_claimable"))
        .noneMatch(line -> line.contains("Bitmap") || line.contains("Sort Key: ((- ") || line.contains("Seq Scan on blocks"));
  }

  @Test
  void the_plan_these_assertions_reject_is_recognised() {
    // The assertions' own check: the plan the bench caught (a bitmap of every due block, then a
    // sort), forced here, shows what they look for.
    assertThat(plan("BEGIN; SET LOCAL enable_indexscan = off", BlockSql.CLAIM_AFTER,
        "64", "'node'", "30000", "7", "50", "1000", "0"))
        .anyMatch(line -> line.contains("Bitmap"))
        .anyMatch(line -> line.contains("Sort Key: ((- "));
  }

  private static List<String> plan(String opening, String sql, String... args) {
    return TestDatabase.explain(target, opening, sql, args);
  }
}
