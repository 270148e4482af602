package io.blockline.bench;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * fairness: one owner queues 50,000 noop blocks (50 ON_REQUEST parallel sessions of 1,000) and runs
 * them all; once that drain is under way, another owner submits 50 single-noop-block NOW sessions
 * one after another, each with ?wait=30s. Reported for the second owner: submit → done
 * (p50/p99/max, the delay the backlog causes it) and {@code ahead_*}: how many of the backlog's
 * blocks started between its submit and its block's start. Behind a FIFO queue that is what was
 * left of the backlog (tens of thousands); with fair share, about a claim batch. The backlog's own
 * drain time is {@code backlog_drain_s}; both owners' sessions are verified.
 */
final class Fairness implements Scenario {
  static final int BACKLOG_SESSIONS = 50;
  static final int BLOCKS_PER_SESSION = 1_000;
  static final int SMALL_SESSIONS = 50;
  static final int CLIENTS = 16;

  @Override
  public String name() {
    return "fairness";
  }

  @Override
  public Result run(BenchContext ctx) throws Exception {
    int sessions = ctx.options.size(BACKLOG_SESSIONS);
    int backlog = sessions * BLOCKS_PER_SESSION;
    int small = ctx.options.size(SMALL_SESSIONS);
    String bulkOwner = ctx.owner(name()) + "-bulk";
    String owner = ctx.owner(name());
    String body = Bodies.session(bulkOwner, "bench fairness backlog", BLOCKS_PER_SESSION, "parallel", "ON_REQUEST")
        .encode();
    String[] tokens = ctx.submit(sessions, CLIENTS, i -> body).tokens();
    ctx.log("%d blocks queued by %s", backlog, bulkOwner);

    double drainStart = ctx.db.nowMs();
    CompletableFuture<Void> runCalls = CompletableFuture.runAsync(() ->
        Load.run(sessions, CLIENTS, Duration.ofMinutes(10), i -> {
          Http.Response r = ctx.http.post("/v1/sessions/" + tokens[i] + "/run", null);
          if (r.status() != 200) {
            throw new BenchFailure("POST /v1/sessions/" + tokens[i] + "/run answered " + r.status());
          }
        }));
    awaitStarted(ctx, bulkOwner, Math.min(backlog / 10, 5_000));

    String single = Bodies.single(owner, "bench fairness small");
    double origin = ctx.db.nowMs();
    Load.run(small, 1, Duration.ofMinutes(10), i -> {
      Http.Response r = ctx.http.post("/v1/sessions?wait=30s", single);
      if (r.status() != 200 || !"SUCCESS".equals(new JsonObject(r.body()).getString("status"))) {
        throw new BenchFailure("POST /v1/sessions?wait=30s answered " + r.status() + ": "
            + BenchContext.abbreviate(r.body()));
      }
    });
    long backlogLeft = ctx.db.queryLong("SELECT count(*) FROM " + Db.SESSIONS_WITH_BLOCKS + " "
        + "WHERE s.owner = ? AND b.started_at IS NULL", bulkOwner);
    runCalls.join();
    ctx.awaitSessions(bulkOwner, sessions, backlog);
    Verifier.verify(ctx.db, name() + " backlog", bulkOwner, sessions, backlog);
    double drainS = (BlockTimes.load(ctx.db, bulkOwner).lastFinished() - drainStart) / 1000.0;

    BlockTimes times = BlockTimes.load(ctx.db, owner);
    Result r = Result.measured(name(), owner, small, small, 1, origin, times,
        BlockTimes.between(times.sessionCreated, times.blockFinished));
    Stats ahead = Stats.of(aheadCounts(ctx, owner, bulkOwner, small));
    ctx.log("the small owner's blocks: %.1f ms p50, %.1f ms max submit -> done; %.0f backlog blocks started ahead "
        + "(p50), %.0f max; %d backlog blocks still queued after its last", r.p50, r.extra.get("max_ms"),
        ahead.p50(), ahead.max(), backlogLeft);
    return r.extra("ahead_p50", ahead.p50()).extra("ahead_max", ahead.max())
        .extra("backlog_blocks", backlog).extra("backlog_left_after_small", backlogLeft)
        .extra("backlog_drain_s", drainS);
  }

  private static void awaitStarted(BenchContext ctx, String owner, long blocks) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (ctx.db.queryLong("SELECT count(*) FROM " + Db.SESSIONS_WITH_BLOCKS + " "
        + "WHERE s.owner = ? AND b.started_at IS NOT NULL", owner) < blocks) {
      if (System.nanoTime() > deadline) {
        throw new BenchFailure("the backlog did not start within 2 minutes");
      }
      Thread.sleep(20);
    }
  }

  /** Per block of the small owner: backlog blocks started after its session was created and before it started. */
  private static double[] aheadCounts(BenchContext ctx, String owner, String bulkOwner, int n) throws Exception {
    double[] counts = new double[n];
    try (var ps = ctx.db.prepare("""
        SELECT (SELECT count(*) FROM %s
                WHERE os.owner = ? AND o.started_at > s.created_at AND o.started_at < b.started_at)
        FROM %s WHERE s.owner = ? ORDER BY b.id""".formatted(Db.sessionsWithBlocks("os", "o"), Db.SESSIONS_WITH_BLOCKS),
        bulkOwner, owner);
         var rs = ps.executeQuery()) {
      for (int i = 0; i < n && rs.next(); i++) {
        counts[i] = rs.getLong(1);
      }
    }
    return counts;
  }
}
