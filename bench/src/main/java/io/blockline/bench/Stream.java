package io.blockline.bench;

/**
 * stream: 100,000 noop blocks as 200 parallel sessions of 500, POSTed by 16 clients while the
 * node runs what came before (work arriving steadily, not queued first as in backlog). Seconds:
 * first submit → last block finished_at. Percentiles: per block, session created_at → finished_at.
 */
final class Stream implements Scenario {
  static final int SESSIONS = 200;
  static final int BLOCKS_PER_SESSION = 500;
  static final int CLIENTS = 16;

  @Override
  public String name() {
    return "stream";
  }

  @Override
  public Result run(BenchContext ctx) throws Exception {
    int sessions = ctx.options.size(SESSIONS);
    int n = sessions * BLOCKS_PER_SESSION;
    String owner = ctx.owner(name());
    String body = Bodies.session(owner, "bench stream", BLOCKS_PER_SESSION, "parallel", "NOW").encode();
    long retriesBefore = ctx.http.retries();
    double origin = ctx.db.nowMs();
    BenchContext.Submitted submitted = ctx.submit(sessions, CLIENTS, i -> body);
    ctx.log("%d sessions of %d blocks acknowledged in %.2f s", sessions, BLOCKS_PER_SESSION, submitted.seconds());
    ctx.db.awaitSessions(owner, sessions, n, ctx.log);
    BlockTimes times = BlockTimes.load(ctx.db, owner);
    Stats submits = Stats.of(submitted.millis());
    return Result.measured(name(), owner, sessions, n, CLIENTS, origin, times,
            BlockTimes.between(times.sessionCreated, times.blockFinished))
        .extra("submit_s", submitted.seconds())
        .extra("submit_p50_ms", submits.p50())
        .extra("submit_p99_ms", submits.p99())
        .extra("http_retries", ctx.http.retries() - retriesBefore);
  }
}
