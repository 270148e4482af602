package io.blockline.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * backlog: 100,000 noop blocks queued as 100 ON_REQUEST parallel sessions of 1,000, then all
 * started with POST /v1/sessions/{t}/run?blocks=false (16 clients). Seconds: first run call → last block
 * finished_at (the drain). Percentiles: per block, the session's start (its run call) → finished_at.
 * RSS: the server's peak during the drain. Then the claim selection is explained ({@link ClaimPlan})
 * with a queue of the same size, and again after 1,000,000 finished rows were added (not with --quick).
 */
final class Backlog implements Scenario {
  static final int SESSIONS = 100;
  static final int BLOCKS_PER_SESSION = 1_000;
  static final int CLIENTS = 16;
  static final int FINISHED_ROWS = 1_000_000;

  @Override
  public String name() {
    return "backlog";
  }

  @Override
  public Result run(BenchContext ctx) throws Exception {
    int sessions = ctx.options.size(SESSIONS);
    int n = sessions * BLOCKS_PER_SESSION;
    String owner = ctx.owner(name());
    String body = Bodies.session(owner, "bench backlog", BLOCKS_PER_SESSION, "parallel", "ON_REQUEST").encode();
    BenchContext.Submitted submitted = ctx.submit(sessions, CLIENTS, i -> body);
    ctx.log("%d blocks queued as %d ON_REQUEST sessions in %.2f s", n, sessions, submitted.seconds());
    long early = ctx.db.queryLong("SELECT count(*) FROM " + Db.SESSIONS_WITH_BLOCKS + " "
        + "WHERE s.owner = ? AND b.started_at IS NOT NULL", owner);
    if (early > 0) {
      throw new BenchFailure(early + " block(s) of ON_REQUEST sessions started before their run call");
    }
    String[] tokens = submitted.tokens();
    double origin = ctx.db.nowMs();
    long runStart = System.nanoTime();
    runAll(ctx, tokens);
    double runCallsS = (System.nanoTime() - runStart) / 1e9;
    ctx.log("%d run calls answered in %.2f s", sessions, runCallsS);
    ctx.awaitSessions(owner, sessions, n);
    Double peak = ctx.rss.peakMb();
    BlockTimes times = BlockTimes.load(ctx.db, owner);
    Result r = Result.measured(name(), owner, sessions, n, CLIENTS, origin, times,
        BlockTimes.between(times.sessionStarted, times.blockFinished));
    r.maxRssMb = peak;
    ctx.recordUsage(r);
    r.extra("submit_s", submitted.seconds()).extra("run_calls_s", runCallsS)
        .extra("view_ms", viewMillis(ctx, tokens[0]));

    ClaimPlan.analyze(ctx.db);
    plans(ctx, r, n, "", "");
    if (!ctx.options.quick()) {
      ctx.log("inserting %d finished rows into a dummy session", FINISHED_ROWS);
      ClaimPlan.insertFinished(ctx.db, ctx.runId, FINISHED_ROWS, ctx.log);
      plans(ctx, r, n, String.format(" and %,d more finished rows", FINISHED_ROWS), "_1m");
    }
    ClaimPlan.analyze(ctx.db);
    return r;
  }

  /**
   * Starts each queued session with its run call, {@link #CLIENTS} at a time. The calls ask for
   * the session alone ({@code ?blocks=false}), as a caller starting work it does not watch would:
   * each answer with its 1,000 blocks cost 12-23 ms of PostgreSQL in the drain.
   */
  static void runAll(BenchContext ctx, String[] tokens) throws Exception {
    Load.run(tokens.length, CLIENTS, Duration.ofMinutes(10), i -> {
      Http.Response r = ctx.http.post("/v1/sessions/" + tokens[i] + "/run?blocks=false", null);
      if (r.status() != 200) {
        throw new BenchFailure("POST /v1/sessions/" + tokens[i] + "/run answered " + r.status() + ": "
            + BenchContext.abbreviate(r.body()));
      }
    });
  }

  /** GET /v1/sessions/{t} of one drained 1,000-block session, median of 5: the size of what each run call answers. */
  private static double viewMillis(BenchContext ctx, String token) {
    double[] millis = new double[5];
    for (int i = 0; i < millis.length; i++) {
      long start = System.nanoTime();
      Http.Response view = ctx.http.get("/v1/sessions/" + token);
      millis[i] = (System.nanoTime() - start) / 1e6;
      if (view.status() != 200) {
        throw new BenchFailure("GET /v1/sessions/" + token + " answered " + view.status());
      }
    }
    return Stats.of(millis).p50();
  }

  private static void plans(BenchContext ctx, Result r, int n, String more, String suffix) throws Exception {
    String queue = String.format("claim with %,d due blocks queued%s", n, more);
    ClaimPlan.Plan stale = ClaimPlan.measure(ctx.db, queue + ", statistics without the queue", n, ctx.runId, false);
    ClaimPlan.Plan analyzed = ClaimPlan.measure(ctx.db, queue + ", statistics with the queue", n, ctx.runId, true);
    for (ClaimPlan.Plan p : List.of(stale, analyzed)) {
      ctx.log("%s: %.3f ms (median of %s), %,d rows in blocks", p.label(), p.executionMs(),
          Arrays.toString(p.runsMs()), p.tableRows());
      r.plans.add(p);
    }
    r.extra("claim" + suffix + "_ms", stale.executionMs())
        .extra("claim" + suffix + "_analyzed_ms", analyzed.executionMs())
        .extra("claim" + suffix + "_table_rows", stale.tableRows());
  }
}
