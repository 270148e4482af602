package io.blockline.bench;

/**
 * bulk-http: 20 sessions × 1,000 noop blocks in parallel mode, all 20 POSTed at once. Seconds:
 * first submit → last block finished_at. Percentiles: per block, session created_at → finished_at.
 */
final class BulkHttp implements Scenario {
  static final int SESSIONS = 20;
  static final int BLOCKS_PER_SESSION = 1_000;

  @Override
  public String name() {
    return "bulk-http";
  }

  @Override
  public Result run(BenchContext ctx) throws Exception {
    int sessions = ctx.options.size(SESSIONS);
    int n = sessions * BLOCKS_PER_SESSION;
    String owner = ctx.owner(name());
    String body = Bodies.session(owner, "bench bulk", BLOCKS_PER_SESSION, "parallel", "NOW").encode();
    long retriesBefore = ctx.http.retries();
    double origin = ctx.db.nowMs();
    BenchContext.Submitted submitted = ctx.submit(sessions, sessions, i -> body);
    ctx.log("%d sessions of %d blocks acknowledged in %.2f s", sessions, BLOCKS_PER_SESSION, submitted.seconds());
    ctx.db.awaitSessions(owner, sessions, n, ctx.log);
    BlockTimes times = BlockTimes.load(ctx.db, owner);
    return Result.measured(name(), owner, sessions, n, sessions, origin, times,
            BlockTimes.between(times.sessionCreated, times.blockFinished))
        .extra("submit_s", submitted.seconds())
        .extra("submit_max_ms", Stats.of(submitted.millis()).max())
        .extra("http_retries", ctx.http.retries() - retriesBefore);
  }
}
