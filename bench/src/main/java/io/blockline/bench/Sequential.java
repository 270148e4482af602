package io.blockline.bench;

/**
 * sequential: one sequential session of 2,000 noop blocks, the per-block overhead of running them
 * one at a time. Seconds: submit → last block finished_at. Percentiles: the step between
 * consecutive block finishes (the first from the session's created_at).
 */
final class Sequential implements Scenario {
  static final int BLOCKS = 2_000;

  @Override
  public String name() {
    return "sequential";
  }

  @Override
  public Result run(BenchContext ctx) throws Exception {
    int n = ctx.options.size(BLOCKS);
    String owner = ctx.owner(name());
    String body = Bodies.session(owner, "bench sequential", n, "sequential", "NOW").encode();
    double origin = ctx.db.nowMs();
    BenchContext.Submitted submitted = ctx.submit(1, 1, i -> body);
    ctx.db.awaitSessions(owner, 1, n, ctx.log);
    BlockTimes times = BlockTimes.load(ctx.db, owner);
    return Result.measured(name(), owner, 1, n, 1, origin, times, times.finishGaps())
        .extra("submit_ms", submitted.millis()[0]);
  }
}
