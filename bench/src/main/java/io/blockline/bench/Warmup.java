package io.blockline.bench;

import java.time.Duration;

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
  /** Sessions of each extra round of the HTTP path, run while the JIT is still busy. */
  private static final int SETTLE_SESSIONS = 10_000;
  /**
   * Few clients, so that an engine transaction serves few sessions and what runs once per
   * transaction is called often enough to be compiled too.
   */
  private static final int SETTLE_CLIENTS = 4;
  private static final int MAX_SETTLE_ROUNDS = 8;
  /** Queued 1,000-block sessions each settling round of the backlog path starts and drains. */
  private static final int SETTLE_BACKLOG_SESSIONS = 20;
  /** Sessions a lone caller POSTs with ?wait= (one after another) each settling round of the waiting path. */
  private static final int SETTLE_WAITS = 300;
  /** Blocks of the sequential chain each settling round of the chain path runs. */
  private static final int SETTLE_CHAIN_BLOCKS = 2_000;
  /**
   * The JIT counts as quiet once its compiler threads use less than this share of one core
   * during a round: the scenarios then measure compiled code, not the compiling of it.
   */
  private static final double QUIET_SHARE = 0.025;

  private Warmup() {
  }

  /** The sessions and blocks the warm-up submitted so far: each round waits for all of them. */
  private static final class Submitted {
    int sessions;
    int blocks;

    void add(int sessions, int blocksEach) {
      this.sessions += sessions;
      this.blocks += sessions * blocksEach;
    }

    /** Submits {@code sessions} copies of {@code body} over HTTP, each of {@code blocksEach} blocks, and counts them. */
    void http(BenchContext ctx, int sessions, int clients, int blocksEach, String body) {
      ctx.submit(sessions, clients, i -> body);
      add(sessions, blocksEach);
    }

    /** Waits until every session submitted so far has finished. */
    void await(BenchContext ctx, String owner) throws Exception {
      ctx.db.awaitSessions(owner, sessions, blocks, ctx.log);
    }
  }

  /** @return how many sessions and blocks it submitted (all under {@code ctx.owner(NAME)}) */
  static int[] run(BenchContext ctx) throws Exception {
    String owner = ctx.owner(NAME);
    long start = System.nanoTime();
    Submitted submitted = new Submitted();
    // Rounds of every path, HTTP last since fanout-http comes first: the JIT recompiles what a
    // later phase makes polymorphic, and one pass measured slower in the first scenario than in
    // a repeat of it.
    for (int round = 0; round < ROUNDS; round++) {
      String parallel = Bodies.session(owner, "bench warm-up parallel", PARALLEL_BLOCKS, "parallel", "NOW").encode();
      submitted.http(ctx, PARALLEL_SESSIONS, PARALLEL_SESSIONS, PARALLEL_BLOCKS, parallel);
      int sequentialBlocks = ctx.options.warmupSize(SEQUENTIAL_BLOCKS);
      String sequential = Bodies.session(owner, "bench warm-up sequential", sequentialBlocks, "sequential", "NOW")
          .encode();
      submitted.http(ctx, 1, 1, sequentialBlocks, sequential);
      if (ctx.options.controlUrl() != null) {
        int n = ctx.options.warmupSize(EVENTBUS_SESSIONS / ROUNDS);
        EventBusScenario.submit(ctx, n, owner);
        submitted.add(n, 1);
      }
      int httpSessions = ctx.options.warmupSize(HTTP_SESSIONS / ROUNDS);
      String single = Bodies.single(owner, "bench warm-up");
      submitted.http(ctx, httpSessions, FanoutHttp.CLIENTS, 1, single);
      submitted.await(ctx, owner);
    }
    settle(ctx, owner, submitted);
    ctx.log("warm-up: %,d sessions, %,d blocks in %.1f s", submitted.sessions, submitted.blocks,
        (System.nanoTime() - start) / 1e9);
    return new int[] {submitted.sessions, submitted.blocks};
  }

  /**
   * Two rounds leave the JIT unfinished. What runs once per batch (an engine transaction serves
   * about a dozen of fanout-http's sessions) reaches C2's thresholds late, and those thresholds
   * rise while C2's queue is long, as it is all through the rounds: the first 20,000-session
   * scenario after them spent half a CPU second in the compiler and ran its engine code still
   * profiled (server CPU 1.8-2.3 s against 1.5-1.6 s in a third repeat). So more rounds run until
   * one finds the compiler threads quiet (or {@link #MAX_SETTLE_ROUNDS} have run): first of a
   * sequential chain, whose steps take a path of their own (they plan from snapshots) that the
   * rounds above run only a thousand times, then of a queued backlog (sessions started by their
   * run calls and drained in large claims, which nothing above runs: perf showed the C2 compiler
   * at a third of the server's CPU through backlog's drain), then of a lone caller that POSTs
   * with ?wait= (latency's path: the waiter and the view it answers, which nothing above runs;
   * perf showed the C2 compiler at a third of a core through latency), then of the HTTP path from
   * few clients, last because fanout-http comes first.
   */
  private static void settle(BenchContext ctx, String owner, Submitted submitted) throws Exception {
    JitCompilers jit = new JitCompilers(ctx.options.serverPid());
    int chainBlocks = ctx.options.warmupSize(SETTLE_CHAIN_BLOCKS);
    String chain = Bodies.session(owner, "bench warm-up chain", chainBlocks, "sequential", "NOW").encode();
    settleRounds(ctx, jit, "a sequential chain", () -> {
      submitted.http(ctx, 1, 1, chainBlocks, chain);
      submitted.await(ctx, owner);
    });
    int queuedSessions = ctx.options.warmupSize(SETTLE_BACKLOG_SESSIONS);
    String queued = Bodies.session(owner, "bench warm-up backlog", Backlog.BLOCKS_PER_SESSION, "parallel",
        "ON_REQUEST").encode();
    settleRounds(ctx, jit, "a queued backlog", () -> {
      String[] tokens = ctx.submit(queuedSessions, Backlog.CLIENTS, i -> queued).tokens();
      submitted.add(queuedSessions, Backlog.BLOCKS_PER_SESSION);
      Backlog.runAll(ctx, tokens);
      submitted.await(ctx, owner);
    });
    int waits = ctx.options.warmupSize(SETTLE_WAITS);
    String waited = Bodies.single(owner, "bench warm-up waiting caller");
    settleRounds(ctx, jit, "a caller that waits", () -> {
      Load.run(waits, 1, Duration.ofMinutes(5), i -> Latency.postWaiting(ctx, waited));
      submitted.add(waits, 1);
      submitted.await(ctx, owner);
    });
    String single = Bodies.single(owner, "bench warm-up");
    int n = ctx.options.warmupSize(SETTLE_SESSIONS);
    settleRounds(ctx, jit, "the HTTP path", () -> {
      submitted.http(ctx, n, SETTLE_CLIENTS, 1, single);
      submitted.await(ctx, owner);
    });
  }

  /** One round of a settling phase: submits and waits until everything submitted so far finished. */
  private interface Round {
    void run() throws Exception;
  }

  private static void settleRounds(BenchContext ctx, JitCompilers jit, String what, Round round) throws Exception {
    Double before = jit.cpuSeconds();
    for (int i = 1; i <= MAX_SETTLE_ROUNDS && before != null; i++) {
      long start = System.nanoTime();
      round.run();
      double seconds = (System.nanoTime() - start) / 1e9;
      Double after = jit.cpuSeconds();
      if (after == null) {
        break;
      }
      double compiling = after - before;
      ctx.log("warm-up: settling %s, round %d: the JIT compiled for %.2f s of CPU in %.2f s", what, i, compiling, seconds);
      if (compiling < QUIET_SHARE * seconds) {
        break;
      }
      before = after;
    }
  }
}
