package io.blockline.bench;

/**
 * Runs every path the scenarios measure, unmeasured, in rounds before the first scenario: the server is
 * a JVM, and a fresh one spends its first seconds compiling (JFR showed the C2 compiler busy for
 * the whole first 20,000-session scenario, about half of the server's CPU). A deployed node runs
 * warm, so the figures are taken warm, like any JVM benchmark. The warm-up's blocks are verified
 * like a scenario's (every one SUCCESS exactly once) and excluded from every figure.
 */
final class Warmup {
  static final String NAME = "warmup";
  private static final int HTTP_SESSIONS = 40_000;
  private static final int EVENTBUS_SESSIONS = 20_000;
  private static final int PARALLEL_BLOCKS = 1_000;
  private static final int PARALLEL_SESSIONS = 4;
  private static final int SEQUENTIAL_BLOCKS = 500;
  private static final int ROUNDS = 2;

  private Warmup() {
  }

  /** @return how many sessions and blocks it submitted (all under {@code ctx.owner(NAME)}) */
  static int[] run(BenchContext ctx) throws Exception {
    String owner = ctx.owner(NAME);
    long start = System.nanoTime();
    int sessions = 0;
    int blocks = 0;
    // Rounds of every path, HTTP last since fanout-http comes first: the JIT recompiles what a
    // later phase makes polymorphic, and one pass measured slower in the first scenario than in
    // a repeat of it.
    for (int round = 0; round < ROUNDS; round++) {
      String parallel = Bodies.session(owner, "bench warm-up parallel", PARALLEL_BLOCKS, "parallel", "NOW").encode();
      ctx.submit(PARALLEL_SESSIONS, PARALLEL_SESSIONS, i -> parallel);
      sessions += PARALLEL_SESSIONS;
      blocks += PARALLEL_SESSIONS * PARALLEL_BLOCKS;
      int sequentialBlocks = ctx.options.size(SEQUENTIAL_BLOCKS);
      String sequential = Bodies.session(owner, "bench warm-up sequential", sequentialBlocks, "sequential", "NOW")
          .encode();
      ctx.submit(1, 1, i -> sequential);
      sessions += 1;
      blocks += sequentialBlocks;
      if (ctx.options.controlUrl() != null) {
        int n = ctx.options.size(EVENTBUS_SESSIONS / ROUNDS);
        EventBusScenario.submit(ctx, n, owner);
        sessions += n;
        blocks += n;
      }
      int httpSessions = ctx.options.size(HTTP_SESSIONS / ROUNDS);
      String single = Bodies.single(owner, "bench warm-up");
      ctx.submit(httpSessions, FanoutHttp.CLIENTS, i -> single);
      sessions += httpSessions;
      blocks += httpSessions;
      ctx.db.awaitSessions(owner, sessions, blocks, ctx.log);
    }
    ctx.log("warm-up: %,d sessions, %,d blocks in %.1f s", sessions, blocks, (System.nanoTime() - start) / 1e9);
    return new int[] {sessions, blocks};
  }
}
