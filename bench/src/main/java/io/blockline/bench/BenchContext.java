package io.blockline.bench;

import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

/** What a scenario works with: options, the HTTP client, the database, the server's RSS, a log (stderr). */
final class BenchContext {
  final BenchOptions options;
  final Http http;
  final Db db;
  final Rss rss;
  final String runId;
  final PrintStream log;
  private final Cpu cpu;
  private Cpu.Snapshot cpuStart;
  private PgStats.Snapshot pgStart;
  /** Taken when the scenario's sessions were all done ({@link #awaitSessions}); null until then. */
  private Cpu.Snapshot cpuEnd;
  private PgStats.Snapshot pgEnd;
  private final Map<String, Integer> repeats = new HashMap<>();

  /** Sessions submitted over HTTP: each call's duration, each session's token, the wall time of the whole batch. */
  record Submitted(double[] millis, String[] tokens, double seconds) {
  }

  BenchContext(BenchOptions options, Http http, Db db, Rss rss, String runId, PrintStream log) {
    this.options = options;
    this.http = http;
    this.db = db;
    this.rss = rss;
    this.runId = runId;
    this.log = log;
    this.cpu = new Cpu(options.serverPid(), postmaster(db));
  }

  private static Long postmaster(Db db) {
    try {
      return Cpu.postmasterOf(db.queryLong("SELECT pg_backend_pid()"));
    } catch (java.sql.SQLException e) {
      return null;
    }
  }

  /** Marks the start of a scenario for {@link #recordUsage}. */
  void startUsage() {
    pgStart = PgStats.take(db);
    cpuStart = cpu.take();
    cpuEnd = null;
    pgEnd = null;
  }

  /**
   * Waits until the owner's sessions are done ({@link Db#awaitSessions}) and ends the scenario's
   * usage there: what the bench reads afterwards (every block's times) is its own work on the
   * database, not the node's; it used to be counted as PostgreSQL CPU per block.
   */
  void awaitSessions(String owner, int sessions, int blocks) throws java.sql.SQLException, InterruptedException {
    db.awaitSessions(owner, sessions, blocks, log);
    cpuEnd = cpu.take();
    pgEnd = PgStats.take(db);
  }

  /**
   * Adds what was used from {@link #startUsage} to {@link #awaitSessions} (or to now): CPU
   * seconds (server_cpu_s, pg_cpu_s, bench_cpu_s) and per block (server_cpu_us_per_block,
   * pg_cpu_us_per_block), PostgreSQL's write transactions and WAL ({@link PgStats}).
   */
  void recordUsage(Result result) {
    Cpu.Snapshot now = cpuEnd != null ? cpuEnd : cpu.take();
    PgStats.record(result, pgStart, pgEnd != null ? pgEnd : PgStats.take(db));
    double server = now.serverS() - cpuStart.serverS();
    double pg = now.pgS() - cpuStart.pgS();
    result.extra("server_cpu_s", server)
        .extra("pg_cpu_s", pg)
        .extra("bench_cpu_s", now.benchS() - cpuStart.benchS())
        .extra("server_cpu_us_per_block", perBlockMicros(server, result.n))
        .extra("pg_cpu_us_per_block", perBlockMicros(pg, result.n));
  }

  private static double perBlockMicros(double seconds, int blocks) {
    return blocks == 0 ? Double.NaN : seconds * 1e6 / blocks;
  }

  /** Counts the runs of a scenario, so that a repeat of it (--scenarios a,b,a) gets an owner of its own. */
  void begin(String scenario) {
    repeats.merge(scenario, 1, Integer::sum);
  }

  /**
   * The owner tagging one scenario's sessions in this run; the verifier and the timings select by
   * it. The second run of a scenario is tagged {@code …-2}, and so on.
   */
  String owner(String scenario) {
    int run = repeats.getOrDefault(scenario, 1);
    return "bench-" + runId + "-" + scenario + (run > 1 ? "-" + run : "");
  }

  void log(String format, Object... args) {
    log.printf("  " + format + "%n", args);
  }

  /** POSTs {@code n} bodies to /v1/sessions, at most {@code clients} at once; every answer must be 201. */
  Submitted submit(int n, int clients, IntFunction<String> body) {
    String[] tokens = new String[n];
    long start = System.nanoTime();
    double[] millis = http.postAll("/v1/sessions", n, clients, body, (i, r) -> {
      if (r.status() != 201) {
        throw new BenchFailure("POST /v1/sessions answered " + r.status() + ": " + abbreviate(r.body()));
      }
      tokens[i] = new JsonObject(r.body()).getString("token");
    }, Duration.ofMinutes(15));
    return new Submitted(millis, tokens, (System.nanoTime() - start) / 1e9);
  }

  static String abbreviate(String s) {
    return s == null ? "" : s.length() <= 500 ? s : s.substring(0, 500) + "…";
  }
}
