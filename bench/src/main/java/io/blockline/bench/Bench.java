package io.blockline.bench;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The load generator: runs the scenarios against a running Blockline server (HTTP, JDBC to its
 * database, BenchServer's control endpoint for the event bus), verifies that every block of every
 * scenario ended SUCCESS exactly once, and prints a markdown table and one JSON line per scenario.
 * Exit status 0 only when every scenario passed its verification; times are never asserted.
 * Normally started by {@code scripts/bench}.
 */
public final class Bench {
  private final BenchOptions options;
  private final PrintStream log = System.err;

  private Bench(BenchOptions options) {
    this.options = options;
  }

  public static void main(String[] args) {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().isEmpty()) {
        System.err.println("bench: " + e.getMessage());
      }
      System.err.print(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    int code;
    try {
      code = new Bench(options).run();
    } catch (Exception e) {
      System.err.println("bench: " + e);
      e.printStackTrace();
      code = 1;
    }
    System.exit(code);
  }

  private int run() throws Exception {
    Instant startedAt = Instant.now();
    String runId = Long.toString(System.currentTimeMillis(), 36);
    List<Result> results = new ArrayList<>();
    Map<String, String> settings;
    try (Db db = Db.open(options.pgJdbc()); Http http = new Http(options.url())) {
      Http.Response health = http.get("/health");
      if (health.status() != 200) {
        throw new BenchFailure("server not ready: /health answered " + health.status() + " " + health.body());
      }
      settings = db.settings();
      log.println("bench: run " + runId + (options.quick() ? " (quick)" : "") + ", PostgreSQL " + settings);
      Rss rss = new Rss(options.serverPid());
      BenchContext ctx = new BenchContext(options, http, db, rss, runId, log);
      if (options.warmup()) {
        warmUp(ctx);
      }
      try (DiskNeighbours neighbours = options.diskNeighbours() == 0 ? null
          : DiskNeighbours.start(options.neighbourDir(), options.diskNeighbours(), log)) {
        for (String name : options.scenarios()) {
          results.add(runOne(Scenarios.create(name), ctx, neighbours));
        }
      }
    }
    Report report = new Report(options, settings, results, startedAt);
    System.out.println(report.markdown());
    System.out.print(report.jsonLines());
    if (options.out() != null) {
      report.write(options.out());
    }
    List<Result> failed = results.stream().filter(r -> !r.ok()).toList();
    failed.forEach(r -> log.println("bench: FAILED " + r.scenario + ": " + r.failure));
    return failed.isEmpty() ? 0 : 1;
  }

  private void warmUp(BenchContext ctx) throws Exception {
    log.println("bench: == warm-up (not measured)");
    int[] submitted = Warmup.run(ctx);
    Verifier.verify(ctx.db, Warmup.NAME, ctx.owner(Warmup.NAME), submitted[0], submitted[1]);
  }

  /** @param neighbours the disk neighbours writing meanwhile, or null */
  private Result runOne(Scenario scenario, BenchContext ctx, DiskNeighbours neighbours) {
    log.println("bench: == " + scenario.name());
    ctx.begin(scenario.name());
    try {
      ctx.db.prepareForScenario(log);
    } catch (Exception e) {
      log.println("bench: could not vacuum between scenarios: " + e);
    }
    boolean peakReset = ctx.rss.resetPeak();
    ctx.startUsage();
    DiskNeighbours.Mark neighboursBefore = neighbours == null ? null : neighbours.mark();
    long start = System.nanoTime();
    Result result = null;
    try {
      result = scenario.run(ctx);
      if (neighbours != null) {
        neighbours.record(neighboursBefore, result);
      }
      if (!result.extra.containsKey("server_cpu_s")) {
        ctx.recordUsage(result);
      }
      if (result.maxRssMb == null) {
        result.maxRssMb = ctx.rss.peakMb();
      }
      if (!peakReset && result.maxRssMb != null) {
        result.extra("rss_peak_since_start", true);
      }
      Verifier.verify(ctx.db, scenario.name(), result.owner, result.sessions, result.n);
    } catch (Exception e) {
      String message = e instanceof BenchFailure ? e.getMessage() : e.toString();
      if (result == null) {
        result = new Result(scenario.name(), ctx.owner(scenario.name()), 0, 0, 0);
      }
      result.failure = message;
      log.println("bench: " + scenario.name() + " FAILED: " + message);
      if (!(e instanceof BenchFailure)) {
        e.printStackTrace(log);
      }
      return result;
    }
    log.printf("bench: %s done in %.1f s: %,.0f blocks/s, p50 %.2f ms, p99 %.2f ms, peak RSS %s MB; verified%n",
        scenario.name(), (System.nanoTime() - start) / 1e9, result.blocksPerS(), result.p50, result.p99,
        result.maxRssMb == null ? "n/a" : String.format("%.0f", result.maxRssMb));
    return result;
  }
}
