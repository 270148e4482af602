package io.blockline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The markdown report (header, table, extra figures, claim plans) and the JSON lines. */
final class Report {
  private final BenchOptions options;
  private final Map<String, String> settings;
  private final List<Result> results;
  private final Instant startedAt;

  Report(BenchOptions options, Map<String, String> settings, List<Result> results, Instant startedAt) {
    this.options = options;
    this.settings = settings;
    this.results = results;
    this.startedAt = startedAt;
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("## Blockline benchmark, ").append(startedAt.truncatedTo(ChronoUnit.SECONDS))
        .append(options.quick() ? " (--quick: a tenth of each size)" : "").append("\n\n");
    md.append("- machine: ").append(Machine.describe()).append('\n');
    md.append("- PostgreSQL: ").append(settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "))).append('\n');
    if (options.diskNeighbours() > 0) {
      md.append("- disk neighbours: ").append(options.diskNeighbours())
          .append(" (8 KiB written and flushed back to back in ").append(options.neighbourDir())
          .append(", during the scenarios)\n");
    }
    md.append("- commit: ").append(options.commit() == null ? "unknown" : options.commit())
        .append(", server ").append(options.url()).append(options.serverPid() == null ? "" : " pid " + options.serverPid())
        .append("\n\n");
    md.append("| scenario | blocks | concurrency | seconds | blocks/s | p50 ms | p99 ms | peak RSS MB | verified |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Result r : results) {
      md.append(String.format("| %s | %,d | %d | %s | %s | %s | %s | %s | %s |%n", r.scenario, r.n, r.concurrency,
          fmt(r.seconds, 2), fmt(r.blocksPerS(), 0), fmt(r.p50, 2), fmt(r.p99, 2),
          r.maxRssMb == null ? "n/a" : fmt(r.maxRssMb, 0), r.ok() ? "SUCCESS ×1" : "**FAILED**"));
    }
    md.append('\n');
    md.append("| scenario | node CPU µs/block | PostgreSQL CPU µs/block | WAL bytes/block | write xacts/block |\n");
    md.append("|---|---:|---:|---:|---:|\n");
    for (Result r : results) {
      md.append(String.format("| %s | %s | %s | %s | %s |%n", r.scenario, figure(r, "server_cpu_us_per_block", 0),
          figure(r, "pg_cpu_us_per_block", 0), figure(r, "wal_bytes_per_block", 0), figure(r, "xacts_per_block", 3)));
    }
    md.append('\n');
    for (Result r : results) {
      md.append("- `").append(r.scenario).append("`: ").append(r.sessions).append(" session(s)");
      r.extra.forEach((k, v) -> md.append(", ").append(k).append('=').append(v));
      md.append('\n');
      if (r.failure != null) {
        md.append("  - FAILED: ").append(r.failure.replace("\n", "\n    ")).append('\n');
      }
    }
    for (Result r : results) {
      for (ClaimPlan.Plan p : r.plans) {
        md.append(String.format("%n### %s%n%n%,d rows in blocks; execution %.3f ms (median of %s), planning %.3f ms%n%n",
            p.label(), p.tableRows(), p.executionMs(), java.util.Arrays.toString(p.runsMs()), p.planningMs()));
        md.append("```\nEXPLAIN (ANALYZE, BUFFERS) ").append(ClaimPlan.CLAIM).append("\n\n").append(p.text()).append("\n```\n");
      }
    }
    return md.toString();
  }

  String jsonLines() {
    return results.stream().map(r -> r.toJson().encode()).collect(Collectors.joining("\n", "", "\n"));
  }

  /** Writes FILE (markdown) and FILE with .jsonl instead of .md (the JSON lines). */
  void write(Path out) throws IOException {
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    Files.writeString(out, markdown());
    String name = out.getFileName().toString();
    String base = name.endsWith(".md") ? name.substring(0, name.length() - 3) : name;
    Files.writeString(out.resolveSibling(base + ".jsonl"), jsonLines());
  }

  private static String figure(Result r, String key, int digits) {
    return r.extra.get(key) instanceof Number n ? fmt(n.doubleValue(), digits) : "n/a";
  }

  private static String fmt(double value, int digits) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "n/a";
    }
    return String.format("%,." + digits + "f", value);
  }
}
