package io.blockline.engine;

import io.blockline.block.BlockRow;
import io.blockline.block.BlockStatus;
import io.blockline.block.ClaimedRun;
import io.blockline.block.Outcome;
import io.blockline.block.RetryPolicy;
import io.blockline.block.RunRecord;
import io.blockline.db.DatabaseTarget;
import io.blockline.db.PoolFactory;
import io.blockline.db.Transactions;
import io.blockline.handler.HandlerKinds;
import io.blockline.session.PreparedSession;
import io.blockline.session.SessionRow;
import io.blockline.session.SubmissionParser;
import io.blockline.store.RangeClaims;
import io.blockline.store.BlockSql;
import io.blockline.store.SessionStore;
import io.blockline.testsupport.TestDatabase;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static io.blockline.testsupport.Sessions.fail;
import static io.blockline.testsupport.Sessions.fastRetry;
import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sequential fast path against a real PostgreSQL, with two engines on one database standing
 * for two nodes. The test plays the workers: it completes the blocks an engine claimed directly.
 * A completion plans from the node's snapshot only while the session's version is the one the
 * snapshot was read at; a change made by the other node sends it back to the database.
 */
class SessionSnapshotsTest {
  private Vertx vertx;
  private Context context;
  private DatabaseTarget target;
  private Pool pool;
  private SessionEngine here;
  private SessionEngine elsewhere;
  /** Blocks {@link #here} claimed directly, in claim order: what its workers would run. */
  private final List<ClaimedRun> claimedHere = new ArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    target = TestDatabase.fresh();
    pool = PoolFactory.create(vertx, target, 4);
    RetryPolicy retry = RetryPolicy.defaults(50, 2.0, 1000);
    here = new SessionEngine(pool, retry, "node-here", 60_000, RangeClaims.OFF, slots(Integer.MAX_VALUE),
        effects -> claimedHere.addAll(effects.claimedRuns()));
    // The other node has no free worker: what it releases stays released, for a claim.
    elsewhere = new SessionEngine(pool, retry, "node-elsewhere", 60_000, RangeClaims.OFF, slots(0), effects -> { });
  }

  @AfterEach
  void stop() {
    pool.close().await();
    vertx.close().await();
  }

  @Test
  void each_step_of_a_sequential_session_after_the_first_plans_from_the_snapshot() {
    long sessionId = submitOnRequest(session(noop("a"), noop("b"), noop("c")));

    run(here, new Command.Start(sessionId));
    completeNext(new Outcome.Succeeded(new JsonObject().put("step", "a")));
    completeNext(new Outcome.Succeeded(new JsonObject().put("step", "b")));
    assertThat(here.snapshots().size()).isEqualTo(1);
    completeNext(new Outcome.Succeeded(new JsonObject().put("step", "c")));

    assertThat(here.snapshots().current()).isEqualTo(3);
    assertThat(here.snapshots().stale()).isZero();
    assertThat(here.snapshots().size()).as("a finished session leaves no snapshot").isZero();
    assertThat(query("SELECT status || ' ' || n_success || ' ' || version FROM sessions WHERE id = " + sessionId))
        .isEqualTo("SUCCESS 3 4");
    assertThat(query("SELECT string_agg(block_key || '=' || status, ',' ORDER BY seq) FROM blocks WHERE session_id = "
        + sessionId)).isEqualTo("a=SUCCESS,b=SUCCESS,c=SUCCESS");
    assertThat(query("SELECT count(*) FROM block_runs r JOIN blocks b ON b.id = r.block_id WHERE b.session_id = " + sessionId))
        .isEqualTo("3");
    assertThat(query("SELECT output->>'step' FROM sessions WHERE id = " + sessionId)).isEqualTo("c");
  }

  @Test
  void every_snapshot_holds_what_a_load_from_the_database_reads_at_that_moment() {
    // Requirements, so that snapshots must carry the blocks the waiting ones require; longer than
    // two waiting windows, so that some snapshots must be read back.
    JsonObject[] blocks = new JsonObject[PlanningBatch.SEQUENTIAL_WINDOW * 5 / 2];
    for (int i = 0; i < blocks.length; i++) {
      blocks[i] = noop("s" + i);
      if (i % 3 == 1) {
        blocks[i].put("require", new JsonArray().add("s" + (i - 1)));
      } else if (i % 7 == 6) {
        blocks[i].put("require", new JsonArray().add("s0").add("s" + (i - 3)));
      }
    }
    long sessionId = submitOnRequest(session(blocks));
    run(here, new Command.Start(sessionId));
    int steps = 0;
    while (here.snapshots().of(sessionId) != null) {
      SessionSnapshots.Snapshot snapshot = here.snapshots().of(sessionId);
      assertMatchesTheDatabase(snapshot);
      completeNext(new Outcome.Succeeded(new JsonObject().put("step", steps++)));
    }
    assertThat(query("SELECT status FROM sessions WHERE id = " + sessionId)).isEqualTo("SUCCESS");
    assertThat(steps).isEqualTo(blocks.length);
    assertThat(here.snapshots().current()).isEqualTo(blocks.length);
    assertThat(here.snapshots().readBacks()).as("some snapshots read back, the others built from the rows written")
        .isBetween(1L, blocks.length - 2L);
  }

  private void assertMatchesTheDatabase(SessionSnapshots.Snapshot snapshot) {
    long sessionId = snapshot.id();
    Long[] running = snapshot.blocks().stream().filter(b -> b.status() == BlockStatus.RUNNING).map(b -> b.id)
        .toArray(Long[]::new);
    PlanningBatch loaded = onContext(() -> Transactions.run(pool,
        tx -> PlanningBatch.load(tx.conn, new Long[] {sessionId}, running, Set.of())));
    assertThat(describe(snapshot.session())).isEqualTo(describe(loaded.sessions.get(sessionId)));
    assertThat(snapshot.running()).isEqualTo(Integer.parseInt(
        query("SELECT count(*) FROM blocks WHERE status = 'RUNNING' AND session_id = " + sessionId)));
    Map<Long, BlockRow> fromDatabase = new HashMap<>();
    loaded.blocksOf(sessionId).forEach(b -> fromDatabase.put(b.id, b));
    int lastWaitingHeld = -1;
    for (BlockRow held : snapshot.blocks()) {
      assertThat(fromDatabase).as("block %s is one the load reads", held.key).containsKey(held.id);
      assertThat(describe(held)).isEqualTo(describe(fromDatabase.remove(held.id)));
      if (held.waiting()) {
        lastWaitingHeld = Math.max(lastWaitingHeld, held.seq);
      }
    }
    // The load may read further: waiting blocks beyond the snapshot's window, and the blocks only
    // those require (the snapshot holds what its own waiting blocks require).
    int windowEnd = lastWaitingHeld;
    Set<String> requiredBeyond = new HashSet<>();
    fromDatabase.values().stream().filter(b -> b.waiting() && b.seq > windowEnd)
        .forEach(b -> requiredBeyond.addAll(b.requires));
    for (BlockRow onlyLoaded : fromDatabase.values()) {
      assertThat(onlyLoaded.waiting() && onlyLoaded.seq > windowEnd || requiredBeyond.contains(onlyLoaded.matchKey))
          .as("the load's %s beyond the snapshot's waiting window, or required only there", onlyLoaded.key).isTrue();
    }
  }

  private static String describe(SessionRow s) {
    return String.join(" ", s.token, s.owner, s.mode.name(), "maxParallel=" + s.maxParallel,
        "callback=" + s.hasCallback, s.status().name(), "started=" + s.started(), "cancelled=" + s.cancelled(),
        "paused=" + s.pausedBlock(), "tally=" + s.tally(), "version=" + s.version);
  }

  private static String describe(BlockRow b) {
    return String.join(" ", b.key, b.status().name(), "released=" + b.released(), "attempts=" + b.attempts(),
        "executions=" + b.executions(), "replays=" + b.replayCount(), "lease=" + b.leaseToken, "reason=" + b.reason(),
        "delay=" + b.delayMs, "requires=" + b.requires, "blocker=" + b.blocker, "replayable=" + b.replayable,
        "interrupt=" + b.interrupt, "retry=" + (b.retry == null ? null : new java.util.TreeMap<>(b.retry.getMap())), "token=" + b.token,
        "seq=" + b.seq, "session=" + b.sessionId);
  }

  @Test
  void a_change_made_by_another_node_makes_the_snapshot_stale_and_the_step_is_planned_from_the_database() {
    long sessionId = submitOnRequest(session(fail("a", null), noop("b"), noop("c")));
    run(here, new Command.Start(sessionId));
    completeNext(new Outcome.Failed(new JsonObject().put("code", "PLANNED"), false));
    assertThat(claimedHere).hasSize(2);
    assertThat(here.snapshots().size()).isEqualTo(1);

    // While b runs here, a caller replays a through the other node: a is released again.
    String tokenOfA = query("SELECT token FROM blocks WHERE session_id = " + sessionId + " AND block_key = 'a'");
    run(elsewhere, new Command.Replay(tokenOfA, null));

    completeNext(new Outcome.Succeeded(new JsonObject()));

    assertThat(here.snapshots().stale()).isEqualTo(1);
    // Planned from what the database holds: a holds the session's turn, so c waits. Planned from
    // the snapshot (a failed), c would have been released and claimed next to a.
    assertThat(query("SELECT string_agg(block_key || '=' || status || (next_run_at IS NOT NULL), ',' ORDER BY seq)"
        + " FROM blocks WHERE session_id = " + sessionId)).isEqualTo("a=STANDBYtrue,b=SUCCESSfalse,c=STANDBYfalse");
    assertThat(claimedHere).hasSize(2);
    assertThat(query("SELECT n_success || ' ' || n_failed || ' ' || n_waiting FROM sessions WHERE id = " + sessionId))
        .isEqualTo("1 0 1");
  }

  @Test
  void a_late_completion_of_a_block_retried_and_claimed_again_elsewhere_changes_nothing() {
    long sessionId = submitOnRequest(session(noop("a").put("replayable", true).put("retry", fastRetry(3)), noop("b")));
    run(here, new Command.Start(sessionId));
    ClaimedRun first = claimedHere.get(0);
    // This node's worker stalls; the other node's rescuer fails the run (a retry, which changes
    // no count of the session) and its claim loop runs the block again under a new lease.
    long now = System.currentTimeMillis();
    JsonObject orphaned = new JsonObject().put("code", "ORPHANED");
    run(elsewhere, new Command.Complete(sessionId, first.id(), first.leaseToken(),
        first.attempts(), new Outcome.Failed(orphaned, true),
        List.of(new RunRecord(-1, now, now, "ERROR", orphaned)), "orphaned"));
    TestDatabase.execute(target, "UPDATE blocks SET next_run_at = now() WHERE id = " + first.id());
    onContext(() -> pool.preparedQuery(BlockSql.CLAIM).execute(Tuple.of(10, "node-elsewhere", 60_000L, 7L)));
    String runningElsewhere = query("SELECT status || ' ' || lease_token FROM blocks WHERE id = " + first.id());

    completeNext(new Outcome.Succeeded(new JsonObject()));

    assertThat(here.snapshots().stale()).isEqualTo(1);
    assertThat(query("SELECT status || ' ' || lease_token FROM blocks WHERE id = " + first.id()))
        .isEqualTo(runningElsewhere).startsWith("RUNNING");
    assertThat(query("SELECT status FROM blocks WHERE session_id = " + sessionId + " AND block_key = 'b'"))
        .isEqualTo("STANDBY");
  }

  @Test
  void a_session_deleted_meanwhile_fails_the_snapshot_and_the_completion_is_dropped() {
    long sessionId = submitOnRequest(session(noop("a"), noop("b")));
    run(here, new Command.Start(sessionId));
    assertThat(here.snapshots().size()).isEqualTo(1);
    TestDatabase.execute(target, "DELETE FROM blocks WHERE session_id = " + sessionId
        + "; DELETE FROM sessions WHERE id = " + sessionId);

    completeNext(new Outcome.Succeeded(new JsonObject()));

    assertThat(here.snapshots().stale()).isEqualTo(1);
    assertThat(here.snapshots().size()).isZero();
    assertThat(query("SELECT count(*) FROM block_runs")).isEqualTo("0");
  }

  // ---- helpers ----

  /** Completes the block claimed last, as its worker would. */
  private void completeNext(Outcome outcome) {
    ClaimedRun run = claimedHere.get(claimedHere.size() - 1);
    long now = System.currentTimeMillis();
    String status = outcome instanceof Outcome.Succeeded ? "SUCCESS" : "ERROR";
    JsonObject error = outcome instanceof Outcome.Failed f ? f.error() : null;
    run(here, new Command.Complete(run.sessionId(), run.id(), run.leaseToken(),
        run.attempts(), outcome, List.of(new RunRecord(-1, now, now, status, error)), null));
  }

  private long submitOnRequest(JsonObject body) {
    PreparedSession prepared = new PreparedSession(new SubmissionParser(60_000, HandlerKinds.standard())
        .parse(body.put("executionTime", "ON_REQUEST")));
    onContext(() -> SessionStore.insert(pool, List.of(prepared), "node-here", 60_000, RangeClaims.OFF, null));
    return Long.parseLong(query("SELECT id FROM sessions WHERE token = '" + prepared.token + "'"));
  }

  private void run(SessionEngine engine, Command command) {
    onContext(() -> engine.execute(List.of(command)));
    onContext(command::future);
  }

  /** The engines run on one event-loop context, as in the dispatcher. */
  private <T> T onContext(Supplier<Future<T>> work) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(done));
    return done.future().toCompletionStage().toCompletableFuture().orTimeout(20, TimeUnit.SECONDS).join();
  }

  private String query(String sql) {
    return TestDatabase.queryOne(target, sql);
  }

  private static SessionEngine.Slots slots(int free) {
    return new SessionEngine.Slots() {
      @Override
      public int reserve(int wanted) {
        return Math.min(wanted, free);
      }

      @Override
      public void unreserve(int slots) {
      }
    };
  }
}
