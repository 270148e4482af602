package io.blockline.bench;

/**
 * fanout-http: 20,000 single-noop-block sessions POSTed by 16 concurrent HTTP clients. Seconds:
 * first submit → last block finished_at. Percentiles: per block, session created_at → finished_at.
 */
final class FanoutHttp implements Scenario {
  static final int SESSIONS = 20_000;
  static final int CLIENTS = 16;

  @Override
  public String name() {
    return "fanout-http";
  }

  @Override
  public Result run(BenchContext ctx) throws Exception {
    int n = ctx.options.size(SESSIONS);
    String owner = ctx.owner(name());
    String body = Bodies.single(owner, "bench fanout");
    long retriesBefore = ctx.http.retries();
    double origin = ctx.db.nowMs();
    BenchContext.Submitted submitted = ctx.submit(n, CLIENTS, i -> body);
    ctx.log("%d sessions acknowledged in %.2f s", n, submitted.seconds());
    ctx.awaitSessions(owner, n, n);
    BlockTimes times = BlockTimes.load(ctx.db, owner);
    Stats submit = Stats.of(submitted.millis());
    return Result.measured(name(), owner, n, n, CLIENTS, origin, times,
            BlockTimes.between(times.sessionCreated, times.blockFinished))
        .extra("submit_s", submitted.seconds())
        .extra("submit_p50_ms", submit.p50())
        .extra("submit_p99_ms", submit.p99())
        .extra("http_retries", ctx.http.retries() - retriesBefore);
  }
}
