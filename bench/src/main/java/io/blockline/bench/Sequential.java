package io.blockline.bench;

import io.blockline.session.SubmissionParser;

/**
 * sequential: one sequential session of 2,000 noop blocks, the per-block overhead of running them
 * one at a time. Seconds: submit → last block finished_at. Percentiles: the step between
 * consecutive block finishes (the first from the session's created_at). With --scale, the chain
 * grows up to the most blocks a session may hold ({@link SubmissionParser#MAX_BLOCKS}): a step
 * costs the same in a longer chain, and one session is what this scenario measures.
 */
final class Sequential implements Scenario {
  static final int BLOCKS = 2_000;

  @Override
  public String name() {
    return "sequential";
  }

  @Override
  public Result run(BenchContext ctx) throws Exception {
    int asked = ctx.options.size(BLOCKS);
    int n = Math.min(asked, SubmissionParser.MAX_BLOCKS);
    if (n < asked) {
      ctx.log("sequential: one session of %,d blocks, the most a session may hold (not %,d)", n, asked);
    }
    String owner = ctx.owner(name());
    String body = Bodies.session(owner, "bench sequential", n, "sequential", "NOW").encode();
    double origin = ctx.db.nowMs();
    BenchContext.Submitted submitted = ctx.submit(1, 1, i -> body);
    ctx.awaitSessions(owner, 1, n);
    BlockTimes times = BlockTimes.load(ctx.db, owner);
    return Result.measured(name(), owner, 1, n, 1, origin, times, times.finishGaps())
        .extra("submit_ms", submitted.millis()[0]);
  }
}
