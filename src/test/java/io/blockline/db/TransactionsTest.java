package io.blockline.db;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.blockline.store.BlockSql;
import io.blockline.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hot path's transactions against a real PostgreSQL: BEGIN and COMMIT pipelined with the
 * statements, and a guarded write that finds a row changed meanwhile turning the pipelined COMMIT
 * into a rollback.
 */
class TransactionsTest {
  private static Vertx vertx;
  private static DatabaseTarget target;
  private static Pool pool;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    target = TestDatabase.fresh();
    pool = PoolFactory.create(vertx, target, 2);
    TestDatabase.execute(target, "CREATE TABLE probe (v int NOT NULL)");
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    vertx.close().await();
  }

  private static <T> T await(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().orTimeout(20, java.util.concurrent.TimeUnit.SECONDS).join();
  }

  private static int count(String sql) {
    return Integer.parseInt(TestDatabase.queryOne(target, sql));
  }

  @Test
  void a_pipelined_commit_keeps_the_writes() {
    await(Transactions.run(pool, tx -> {
      Future<?> insert = tx.conn.query("INSERT INTO probe VALUES (1), (2)").execute();
      return Future.all(insert, tx.commit()).mapEmpty();
    }));
    assertThat(count("SELECT count(*) FROM probe WHERE v IN (1, 2)")).isEqualTo(2);
  }

  @Test
  void a_failing_statement_ahead_of_a_pipelined_commit_rolls_everything_back() {
    assertThatThrownBy(() -> await(Transactions.run(pool, tx -> {
      Future<?> insert = tx.conn.query("INSERT INTO probe VALUES (10)").execute();
      Future<?> failing = tx.conn.query("INSERT INTO probe VALUES (NULL)").execute();
      return Future.all(insert, failing, tx.commit()).mapEmpty();
    }))).hasCauseInstanceOf(PgException.class);
    assertThat(count("SELECT count(*) FROM probe WHERE v = 10")).isZero();
    // The connection went back clean: the next transaction works.
    await(Transactions.run(pool, tx -> tx.conn.query("INSERT INTO probe VALUES (11)").execute().mapEmpty()));
    assertThat(count("SELECT count(*) FROM probe WHERE v = 11")).isEqualTo(1);
  }

  @Test
  void a_failed_work_without_a_pipelined_commit_rolls_back() {
    assertThatThrownBy(() -> await(Transactions.run(pool, tx -> tx.conn.query("INSERT INTO probe VALUES (20)").execute()
        .compose(r -> Future.failedFuture(new IllegalStateException("decided to abandon"))))))
        .hasMessageContaining("decided to abandon");
    assertThat(count("SELECT count(*) FROM probe WHERE v = 20")).isZero();
  }

  /** A released STANDBY block of a session of its own; returns its id. */
  private static long standbyBlock(String name) {
    TestDatabase.execute(target, "INSERT INTO sessions (token, execution_time, n_blocks) VALUES ('s-" + name + "', 'NOW', 1)");
    TestDatabase.execute(target, "INSERT INTO blocks (id, token, session_id, seq, block_key, handler, priority, timeout_ms, "
        + "status, next_run_at) SELECT blockline_block_id(id, 0), 'b-" + name + "', id, 0, 'a', '{}'::jsonb, 50, 1000, 'STANDBY', now() FROM sessions "
        + "WHERE token = 's-" + name + "'");
    return Long.parseLong(TestDatabase.queryOne(target, "SELECT id FROM blocks WHERE token = 'b-" + name + "'"));
  }

  /**
   * {@link BlockSql#UPDATE_MANY}'s parameters for one block loaded as {@code expected} (with no lease), moved to
   * {@code status}, with no run in its row and {@code runs} recorded ({@link #noRuns} for none).
   */
  private static Tuple moveOne(long id, String expected, String status, java.util.List<Object> runs) {
    java.util.List<Object> all = new java.util.ArrayList<>(java.util.List.of(new Long[] {id}, new String[] {expected},
        new String[] {status}, new String[] {"CLEAR"}, new Long[] {0L}, new Integer[] {0}, new Integer[] {0},
        new String[] {"test"}, new Boolean[] {false}, new String[] {null}, new Boolean[] {false}, new String[] {null},
        new UUID[] {null}, new Integer[] {0}, "node", 30_000L, new UUID[] {null}, new java.time.OffsetDateTime[] {null},
        new java.time.OffsetDateTime[] {null}));
    all.addAll(runs);
    return Tuple.tuple(all);
  }

  private static Tuple moveOne(long id, String expected, String status) {
    return moveOne(id, expected, status, noRuns());
  }

  /** {@link BlockSql#INSERT_RUNS}'s parameters for no run. */
  private static java.util.List<Object> noRuns() {
    return java.util.List.of(new Long[0], new Integer[0], new Integer[0], new java.time.OffsetDateTime[0],
        new java.time.OffsetDateTime[0], new String[0], new String[0]);
  }

  @Test
  void a_guarded_block_write_that_finds_a_changed_row_fails_with_serialization_failure_and_changes_nothing() {
    long id = standbyBlock("guard");
    // Loaded as RUNNING, but the row is STANDBY: someone changed it meanwhile.
    Tuple params = moveOne(id, "RUNNING", "SUCCESS");
    assertThatThrownBy(() -> await(Transactions.run(pool, tx -> {
      Future<?> write = tx.conn.preparedQuery(BlockSql.UPDATE_MANY).execute(params);
      Future<?> other = tx.conn.query("INSERT INTO probe VALUES (30)").execute();
      return Future.all(write, other, tx.commit()).mapEmpty();
    }))).cause().isInstanceOfSatisfying(PgException.class, e -> assertThat(e.getSqlState()).isEqualTo("40001"));
    assertThat(TestDatabase.queryOne(target, "SELECT status FROM blocks WHERE id = " + id)).isEqualTo("STANDBY");
    assertThat(count("SELECT count(*) FROM probe WHERE v = 30")).isZero();
  }

  @Test
  void a_failed_transaction_whose_commit_was_sent_sends_no_rollback_behind_it() {
    // A ROLLBACK after the pipelined COMMIT ended the transaction only draws PostgreSQL's warning
    // "there is no transaction in progress", which the client logs.
    Logger client = (Logger) LoggerFactory.getLogger("io.vertx.sqlclient.impl.SocketConnectionBase");
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    client.addAppender(logged);
    try {
      long id = standbyBlock("no-rollback");
      Tuple params = moveOne(id, "RUNNING", "SUCCESS");
      assertThatThrownBy(() -> await(Transactions.run(pool, tx -> {
        Future<?> write = tx.conn.preparedQuery(BlockSql.UPDATE_MANY).execute(params);
        return Future.all(write, tx.commit()).mapEmpty();
      }))).cause().isInstanceOfSatisfying(PgException.class, e -> assertThat(e.getSqlState()).isEqualTo("40001"));
      // Both connections of the pool still work, and neither had a ROLLBACK to answer.
      await(Future.all(pool.query("SELECT 1").execute(), pool.query("SELECT 2").execute()));
      assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
          .noneMatch(m -> m.contains("no transaction in progress"));
    } finally {
      client.detachAppender(logged);
    }
  }

  @Test
  void a_guarded_block_write_that_matches_commits() {
    long id = standbyBlock("ok");
    Tuple params = moveOne(id, "STANDBY", "SKIPPED");
    await(Transactions.run(pool, tx -> {
      Future<?> write = tx.conn.preparedQuery(BlockSql.UPDATE_MANY).execute(params);
      return Future.all(write, tx.commit()).mapEmpty();
    }));
    assertThat(TestDatabase.queryOne(target, "SELECT status FROM blocks WHERE id = " + id)).isEqualTo("SKIPPED");
  }

  /** {@link BlockSql#INSERT_RUNS}'s parameters: one successful run of block {@code id}. */
  private static java.util.List<Object> oneRun(long id) {
    java.time.OffsetDateTime at = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
    return java.util.List.of(new Long[] {id}, new Integer[] {1}, new Integer[] {-1}, new java.time.OffsetDateTime[] {at},
        new java.time.OffsetDateTime[] {at}, new String[] {"SUCCESS"}, new String[] {null});
  }

  @Test
  void a_block_write_recording_runs_writes_both_or_neither() {
    long ok = standbyBlock("runs-ok");
    await(Transactions.run(pool, tx -> tx.conn.preparedQuery(BlockSql.UPDATE_MANY)
        .execute(moveOne(ok, "STANDBY", "SUCCESS", oneRun(ok))).mapEmpty()));
    assertThat(TestDatabase.queryOne(target, "SELECT status FROM blocks WHERE id = " + ok)).isEqualTo("SUCCESS");
    assertThat(count("SELECT count(*) FROM runs WHERE block_id = " + ok + " AND attempt = 1 AND item IS NULL")).isEqualTo(1);

    long changed = standbyBlock("runs-guard");
    assertThatThrownBy(() -> await(Transactions.run(pool, tx -> tx.conn.preparedQuery(BlockSql.UPDATE_MANY)
        .execute(moveOne(changed, "RUNNING", "SUCCESS", oneRun(changed))).mapEmpty())))
        .cause().isInstanceOfSatisfying(PgException.class, e -> assertThat(e.getSqlState()).isEqualTo("40001"));
    assertThat(count("SELECT count(*) FROM runs WHERE block_id = " + changed)).isZero();
  }

  @Test
  void an_opening_with_settings_applies_them_to_that_transaction_only() {
    String inside = await(Transactions.run(pool, "BEGIN; SET LOCAL plan_cache_mode = force_generic_plan",
        tx -> tx.conn.query("SHOW plan_cache_mode").execute().map(rows -> rows.iterator().next().getString(0))));
    assertThat(inside).isEqualTo("force_generic_plan");
    String after = await(pool.withConnection(conn -> conn.query("SHOW plan_cache_mode").execute()
        .map(rows -> rows.iterator().next().getString(0))));
    assertThat(after).isEqualTo("auto");
  }

  @Test
  void the_database_still_refuses_an_unknown_status_and_a_running_block_without_a_lease() {
    long id = standbyBlock("state");
    for (String change : new String[] {"status = 'DONE'", "status = 'RUNNING', lease_token = NULL"}) {
      assertThatThrownBy(() -> await(pool.query("UPDATE blocks SET " + change + " WHERE id = " + id).execute()))
          .as(change).cause().isInstanceOfSatisfying(PgException.class, e -> assertThat(e.getSqlState()).isEqualTo("23514"));
    }
    assertThatThrownBy(() -> await(pool.query("UPDATE sessions SET status = 'DONE' WHERE token = 's-state'").execute()))
        .cause().isInstanceOfSatisfying(PgException.class, e -> assertThat(e.getSqlState()).isEqualTo("23514"));
  }
}
