package io.blockline.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The spread of consecutive runs ({@code scripts/bench --runs N}): for each figure its lowest,
 * median and highest value over the runs, and for each floor of issue 15 in how many runs it was
 * met, so that "in 5 consecutive runs" is one command's answer. Reads the runs' JSON lines
 * ({@code run-1.jsonl}, … and, with {@code --compare}, {@code compare-1.jsonl}, …) from one
 * directory and writes {@code series.md} there.
 *
 * <pre>java -cp … io.blockline.bench.Series target/bench/series</pre>
 */
final class Series {
  /** The backlog's size in a full run, which the floors are for. */
  private static final int FULL_BACKLOG = 100_000;
  private static final Pattern RUN_FILE = Pattern.compile("(run|compare)-(\\d+)\\.jsonl");

  /** One figure of a run: how to read it, and the floor it must meet (null: none). */
  record Figure(String label, Function<Run, Double> read, Floor floor) {
  }

  /** At least {@code limit} (or at most, for times and memory). */
  record Floor(boolean atLeast, double limit, String shown) {
    boolean met(double value) {
      return atLeast ? value >= limit : value <= limit;
    }
  }

  /** One run's lines by scenario (Blockline's and the peer's). */
  record Run(int number, Map<String, JsonObject> scenarios) {
    Double field(String scenario, String field) {
      JsonObject line = scenarios.get(scenario);
      return line == null || line.getValue(field) == null ? null : line.getDouble(field);
    }

    /** The highest peak RSS of any scenario of the run. */
    Double peakRss() {
      OptionalDouble max = scenarios.values().stream().filter(l -> l.getValue("max_rss_mb") != null)
          .mapToDouble(l -> l.getDouble("max_rss_mb")).max();
      return max.isPresent() ? max.getAsDouble() : null;
    }
  }

  /** Issue 15's floors, and the figures shown beside them. */
  static final List<Figure> FIGURES = List.of(
      blocksPerSecond("fanout-http", atLeast(8_000)),
      blocksPerSecond("bulk-http", atLeast(20_000)),
      blocksPerSecond("eventbus", null),
      new Figure("latency p50 ms", r -> r.field("latency", "p50_ms"), atMost(1)),
      new Figure("latency p99 ms", r -> r.field("latency", "p99_ms"), atMost(5)),
      blocksPerSecond("sequential", atLeast(1_500)),
      blocksPerSecond("backlog", atLeast(25_000)),
      blocksPerSecond("stream", atLeast(15_000)),
      new Figure("peak RSS MB, any scenario", Run::peakRss, atMost(384)),
      peer("backlog jobs/s", "compare-backlog", "jobs_per_s"),
      peer("stream jobs/s", "compare-stream", "jobs_per_s"),
      peer("fanout jobs/s (one per call)", "compare-fanout", "jobs_per_s"),
      peer("bulk jobs/s", "compare-bulk", "jobs_per_s"),
      peer("latency p50 ms", "compare-latency", "p50_ms"),
      peer("latency p99 ms", "compare-latency", "p99_ms"),
      ratio("backlog", "compare-backlog", "ratio"),
      ratio("stream", "compare-stream", "ratio"),
      ratio("fanout-http", "compare-fanout", "ratio"),
      ratio("bulk-http", "compare-bulk", "ratio"),
      ratio("latency p50 (the peer's wait / Blockline's)", "compare-latency", "ratio"),
      ratio("latency p99 (the peer's wait / Blockline's)", "compare-latency", "ratio_p99"));

  private Series() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: Series DIR   (DIR holds run-1.jsonl … and compare-1.jsonl …)");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    String report = report(load(dir));
    Files.writeString(dir.resolve("series.md"), report);
    System.out.print(report);
  }

  /** The runs found in {@code dir}, in their order. */
  static List<Run> load(Path dir) throws IOException {
    Map<Integer, Map<String, JsonObject>> byRun = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        Matcher m = RUN_FILE.matcher(file.getFileName().toString());
        if (!m.matches()) {
          continue;
        }
        Map<String, JsonObject> lines = byRun.computeIfAbsent(Integer.parseInt(m.group(2)), k -> new LinkedHashMap<>());
        for (String line : Files.readAllLines(file)) {
          if (!line.isBlank()) {
            JsonObject json = new JsonObject(line);
            lines.put(json.getString("scenario"), json);
          }
        }
      }
    }
    List<Run> runs = new ArrayList<>();
    byRun.forEach((number, lines) -> runs.add(new Run(number, lines)));
    runs.sort(Comparator.comparingInt(Run::number));
    return runs;
  }

  /** The markdown table: one row per figure any run has. */
  static String report(List<Run> runs) {
    StringBuilder out = new StringBuilder();
    out.append(String.format("%d consecutive run(s): lowest, median and highest of each figure; "
        + "the floors are issue 15's.%n%n", runs.size()));
    out.append("| figure | lowest | median | highest | floor | met in |\n|---|---|---|---|---|---|\n");
    boolean everyFloor = !runs.isEmpty();
    for (Figure figure : FIGURES) {
      double[] values = runs.stream().map(figure.read()).filter(v -> v != null).mapToDouble(Double::doubleValue).toArray();
      if (values.length == 0) {
        continue;
      }
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      String floor = "";
      String met = "";
      if (figure.floor() != null) {
        long count = Arrays.stream(values).filter(v -> figure.floor().met(v)).count();
        floor = figure.floor().shown();
        met = count + " of " + runs.size();
        everyFloor &= count == runs.size();
      }
      out.append(String.format("| %s | %s | %s | %s | %s | %s |%n", figure.label(), shown(sorted[0]),
          shown(median(sorted)), shown(sorted[sorted.length - 1]), floor, met));
    }
    out.append(String.format("%nEvery floor met in every run: %s.%n", everyFloor ? "yes" : "no"));
    if (runs.stream().map(r -> r.field("backlog", "n")).anyMatch(n -> n != null && n < FULL_BACKLOG)) {
      out.append("These runs were smaller than the ones the floors are for (--quick): read the floors as a hint.\n");
    }
    return out.toString();
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String shown(double value) {
    return value >= 100 ? String.format("%,.0f", value) : String.format("%.2f", value);
  }

  private static Figure peer(String label, String scenario, String field) {
    return new Figure("graphile-worker " + label, r -> r.field(scenario, field), null);
  }

  private static Figure ratio(String label, String scenario, String field) {
    return new Figure("ratio " + label, r -> r.field(scenario, field), null);
  }

  private static Figure blocksPerSecond(String scenario, Floor floor) {
    return new Figure(scenario + " blocks/s", r -> r.field(scenario, "blocks_per_s"), floor);
  }

  private static Floor atLeast(double limit) {
    return new Floor(true, limit, String.format("≥ %,.0f", limit));
  }

  private static Floor atMost(double limit) {
    return new Floor(false, limit, String.format("≤ %,.0f", limit));
  }
}
