package io.blockline.claim;

import io.blockline.db.DatabaseTarget;
import io.blockline.db.PoolFactory;
import io.blockline.handler.HandlerKinds;
import io.blockline.session.PreparedSession;
import io.blockline.session.SubmissionParser;
import io.blockline.store.BlockSql;
import io.blockline.store.RangeClaims;
import io.blockline.store.SessionStore;
import io.blockline.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renewing or expiring this node's leases never waits for a block another transaction holds.
 * A completion locks the blocks it writes in its own order; a renewal that held some of them
 * while waiting for another could deadlock with it, and PostgreSQL would abort one of the two,
 * perhaps the completion. Here a transaction holds one block; the renewal must not wait for it
 * (a lock timeout makes waiting fail the test) and must renew the other. A mere key-share lock
 * (an activity line's foreign key) must not make it skip a block.
 */
class LeaseRenewalTest {
  private Vertx vertx;
  private DatabaseTarget target;
  private Pool pool;
  private Long[] ids;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    target = TestDatabase.fresh();
    pool = PoolFactory.create(vertx, target, 2);
    PreparedSession prepared = new PreparedSession(new SubmissionParser(60_000, HandlerKinds.standard())
        .parse(session(noop("a"), noop("b")).put("executionTime", "ON_REQUEST")));
    SessionStore.insert(pool, List.of(prepared), "node-here", 60_000, RangeClaims.OFF, null).await();
    TestDatabase.execute(target, "UPDATE blocks SET status = 'RUNNING', lease_token = gen_random_uuid(),"
        + " leased_by = 'node-here', lease_until = now() + interval '1 minute', attempts = 1, executions = 1");
    ids = Arrays.stream(TestDatabase.queryOne(target, "SELECT string_agg(id::text, ',' ORDER BY id) FROM blocks")
        .split(",")).map(Long::valueOf).toArray(Long[]::new);
  }

  @AfterEach
  void stop() {
    pool.close().await();
    vertx.close().await();
  }

  @Test
  void a_renewal_skips_the_block_another_transaction_holds_and_renews_the_others() {
    int renewed = whileHolding(ids[1], BlockSql.RENEW_LEASES, Tuple.of(ids, "node-here", 3_600_000L, tokens()));

    assertThat(renewed).as("only the block nobody held").isEqualTo(1);
    assertThat(leaseMinutesLeft(ids[0])).as("renewed for an hour").isGreaterThan(50);
    assertThat(leaseMinutesLeft(ids[1])).as("left as it was, for the next renewal").isLessThanOrEqualTo(1);
  }

  @Test
  void a_key_share_lock_of_an_activity_line_being_inserted_does_not_make_the_renewal_skip_a_block() {
    int renewed = whileHolding("SELECT 1 FROM blocks WHERE id = " + ids[1] + " FOR KEY SHARE",
        BlockSql.RENEW_LEASES, Tuple.of(ids, "node-here", 3_600_000L, tokens()));

    assertThat(renewed).isEqualTo(2);
    assertThat(leaseMinutesLeft(ids[1])).isGreaterThan(50);
  }

  @Test
  void a_lease_taken_over_meanwhile_is_not_revived_by_the_run_that_lost_it() {
    java.util.UUID[] held = tokens();
    // Rescued and claimed again by this same node: a new token under the same node id.
    TestDatabase.execute(target, "UPDATE blocks SET lease_token = gen_random_uuid() WHERE id = " + ids[0]);

    int renewed = whileHolding("SELECT 1", BlockSql.RENEW_LEASES, Tuple.of(ids, "node-here", 3_600_000L, held));

    assertThat(renewed).as("only the block still under its token").isEqualTo(1);
    assertThat(leaseMinutesLeft(ids[0])).isLessThanOrEqualTo(1);
    assertThat(leaseMinutesLeft(ids[1])).isGreaterThan(50);
  }

  /** The blocks' lease tokens, in the order of {@code ids}. */
  private java.util.UUID[] tokens() {
    return Arrays.stream(ids).map(id -> java.util.UUID.fromString(
        TestDatabase.queryOne(target, "SELECT lease_token FROM blocks WHERE id = " + id))).toArray(java.util.UUID[]::new);
  }

  @Test
  void expiring_the_leases_on_a_stop_skips_the_block_another_transaction_holds() {
    int expired = whileHolding(ids[0], BlockSql.EXPIRE_LEASES, Tuple.of(ids, "node-here"));

    assertThat(expired).isEqualTo(1);
    assertThat(TestDatabase.queryOne(target, "SELECT lease_until <= now() FROM blocks WHERE id = " + ids[1])).isEqualTo("t");
    assertThat(TestDatabase.queryOne(target, "SELECT lease_until > now() FROM blocks WHERE id = " + ids[0])).isEqualTo("t");
  }

  /** Runs {@code sql} while another transaction holds {@code heldBlock} (updates it); @return the rows it updated. */
  private int whileHolding(long heldBlock, String sql, Tuple params) {
    return whileHolding("UPDATE blocks SET attempts = attempts WHERE id = " + heldBlock, sql, params);
  }

  /** Runs {@code sql} while another transaction that ran {@code lock} is open; @return the rows it updated. */
  private int whileHolding(String lock, String sql, Tuple params) {
    SqlConnection holder = pool.getConnection().await();
    SqlConnection renewer = pool.getConnection().await();
    try {
      Transaction tx = holder.begin().await();
      holder.query(lock).execute().await();
      renewer.query("SET lock_timeout = '3s'").execute().await();
      int updated = renewer.preparedQuery(sql).execute(params).await().rowCount();
      tx.rollback().await();
      return updated;
    } finally {
      holder.close().await();
      renewer.close().await();
    }
  }

  private int leaseMinutesLeft(long blockId) {
    return Integer.parseInt(TestDatabase.queryOne(target,
        "SELECT floor(extract(epoch FROM lease_until - now()) / 60)::int FROM blocks WHERE id = " + blockId));
  }
}
