package io.blockline.store;

import io.blockline.block.ClaimBatch;
import io.blockline.block.ClaimPosition;
import io.blockline.block.ClaimedRun;
import io.blockline.db.DatabaseTarget;
import io.blockline.db.PoolFactory;
import io.blockline.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A claim from the head of the queue and one that resumes after a place in the claim order
 * (BlockSql.CLAIM and CLAIM_AFTER): both take due blocks in claim order, the second only those
 * after its place, and each says where it stopped.
 */
class ClaimAfterTest {
  private Vertx vertx;
  private Pool pool;
  private DatabaseTarget target;
  private long session;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    target = TestDatabase.fresh();
    pool = PoolFactory.create(vertx, target, 2);
    // Keys 1..6 at priority 50 and key 9 at priority 60, all due; key 0 waits (not released).
    TestDatabase.execute(target, """
        INSERT INTO sessions (token, execution_time, mode, status, n_blocks) VALUES ('s-claim-after', 'NOW', 'parallel', 'RUNNING', 8);
        INSERT INTO blocks (id, token, session_id, seq, block_key, handler, priority, timeout_ms, next_run_at, fair_key)
        SELECT blockline_block_id(s.id, g), 'b-claim-after.' || g, s.id, g, 'k' || g, '{"type":"builtin","name":"noop"}',
               CASE WHEN g = 7 THEN 60 ELSE 50 END, 30000, CASE WHEN g > 0 THEN now() END, CASE WHEN g = 7 THEN 9 ELSE g END
        FROM sessions s, generate_series(0, 7) g WHERE s.token = 's-claim-after';
        """);
    session = Long.parseLong(TestDatabase.queryOne(target, "SELECT id FROM sessions WHERE token = 's-claim-after'"));
  }

  @AfterEach
  void stop() {
    pool.close().await();
    vertx.close().await();
  }

  @Test
  void a_resumed_claim_takes_only_what_follows_its_place_and_a_claim_from_the_head_takes_what_lies_before() {
    ClaimBatch head = claim(2, null);
    assertThat(seqs(head)).containsExactly(1, 7);
    assertThat(head.last()).isEqualTo(new ClaimPosition(50, 1, id(1)));

    ClaimBatch next = claim(2, head.last());
    assertThat(seqs(next)).containsExactly(2, 3);
    assertThat(next.last()).isEqualTo(new ClaimPosition(50, 3, id(3)));

    // A block becomes due behind that place (keyed before it), and one of higher priority.
    TestDatabase.execute(target, "UPDATE blocks SET next_run_at = now() WHERE seq = 0 AND session_id = " + session);
    TestDatabase.execute(target, "UPDATE blocks SET priority = 70, next_run_at = now() WHERE seq = 4 AND session_id = " + session);

    ClaimBatch resumed = claim(10, next.last());
    assertThat(seqs(resumed)).as("only what follows the place").containsExactly(5, 6);
    assertThat(resumed.last()).isEqualTo(new ClaimPosition(50, 6, id(6)));

    ClaimBatch fromHead = claim(10, null);
    assertThat(seqs(fromHead)).containsExactly(0, 4);
    assertThat(fromHead.last()).as("the last in claim order, not by id").isEqualTo(new ClaimPosition(50, 0, id(0)));

    java.util.List<ClaimedRun> all = new java.util.ArrayList<>(head.runs());
    all.addAll(next.runs());
    all.addAll(resumed.runs());
    all.addAll(fromHead.runs());
    assertThat(all.stream().map(ClaimedRun::leaseToken).distinct()).as("a lease token per claim of a block")
        .hasSize(all.size());

    assertThat(claim(10, null).runs()).isEmpty();
    assertThat(claim(10, null).last()).isNull();
  }

  private ClaimBatch claim(int limit, ClaimPosition after) {
    return BlockStore.claim(pool, limit, "node-here", 60_000, after).await();
  }

  private long id(int seq) {
    return (session << 20) + seq;
  }

  private static java.util.List<Integer> seqs(ClaimBatch batch) {
    return batch.runs().stream().map(ClaimedRun::id).map(id -> (int) (id & 0xFFFFF)).toList();
  }
}
