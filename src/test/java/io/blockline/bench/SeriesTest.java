package io.blockline.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The spread of a series of runs ({@code scripts/bench --runs N}): lowest, median, highest, floors met. */
class SeriesTest {
  @TempDir
  Path dir;

  @Test
  void spread_and_floors_over_the_runs_in_their_numeric_order() throws Exception {
    run(1, 24_000, 0.9, 4.0, 370, 36_000);
    run(2, 26_000, 1.2, 4.5, 380, 30_000);
    run(10, 25_500, 0.8, 6.0, 390, 33_000);
    Files.writeString(dir.resolve("notes.txt"), "not a run");

    List<Series.Run> runs = Series.load(dir);
    String report = Series.report(runs);

    assertThat(runs).extracting(Series.Run::number).containsExactly(1, 2, 10);
    assertThat(report).startsWith("3 consecutive run(s)");
    assertThat(report).contains("| backlog blocks/s | 24,000 | 25,500 | 26,000 | ≥ 25,000 | 2 of 3 |");
    assertThat(report).contains("| latency p50 ms | 0.80 | 0.90 | 1.20 | ≤ 1 | 2 of 3 |");
    assertThat(report).contains("| latency p99 ms | 4.00 | 4.50 | 6.00 | ≤ 5 | 2 of 3 |");
    // The highest of every scenario's peak counts: the stream's 390 in run 10.
    assertThat(report).contains("| peak RSS MB, any scenario | 370 | 380 | 390 | ≤ 384 | 2 of 3 |");
    assertThat(report).contains("| graphile-worker backlog jobs/s | 30,000 | 33,000 | 36,000 |  |  |");
    // A figure no run has is left out, not shown as zero.
    assertThat(report).doesNotContain("fanout-http");
    assertThat(report).contains("Every floor met in every run: no.");
    assertThat(report).doesNotContain("--quick");
  }

  @Test
  void quick_runs_are_said_to_be_smaller_than_the_floors_are_for() throws Exception {
    Files.writeString(dir.resolve("run-1.jsonl"), "{\"scenario\":\"backlog\",\"n\":10000,\"blocks_per_s\":9000}\n");

    assertThat(Series.report(Series.load(dir))).contains("smaller than the ones the floors are for (--quick)");
  }

  @Test
  void every_floor_met_in_every_run_says_yes() throws Exception {
    Files.writeString(dir.resolve("run-1.jsonl"), line("backlog", 25_000) + "\n" + line("stream", 15_000) + "\n");

    assertThat(Series.report(Series.load(dir))).contains("Every floor met in every run: yes.");
  }

  @Test
  void the_peer_rows_of_every_compared_workload_with_their_ratios() throws Exception {
    Files.writeString(dir.resolve("run-1.jsonl"), line("fanout-http", 4_000) + "\n");
    Files.writeString(dir.resolve("compare-1.jsonl"), String.join("\n",
        "{\"scenario\":\"compare-fanout\",\"jobs_per_s\":800,\"ratio\":5.0}",
        "{\"scenario\":\"compare-bulk\",\"jobs_per_s\":8000,\"ratio\":2.5}",
        "{\"scenario\":\"compare-latency\",\"p50_ms\":3.6,\"p99_ms\":9.0,\"ratio\":3.0,\"ratio_p99\":1.5}") + "\n");

    String report = Series.report(Series.load(dir));

    assertThat(report).contains("| graphile-worker fanout jobs/s (one per call) | 800 | 800 | 800 |  |  |");
    assertThat(report).contains("| graphile-worker bulk jobs/s | 8,000 | 8,000 | 8,000 |  |  |");
    assertThat(report).contains("| graphile-worker latency p50 ms | 3.60 | 3.60 | 3.60 |  |  |");
    assertThat(report).contains("| ratio fanout-http | 5.00 | 5.00 | 5.00 |  |  |");
    assertThat(report).contains("| ratio bulk-http | 2.50 | 2.50 | 2.50 |  |  |");
    assertThat(report).contains("| ratio latency p99 (the peer's wait / Blockline's) | 1.50 | 1.50 | 1.50 |  |  |");
    assertThat(report).doesNotContain("ratio backlog");
  }

  @Test
  void the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
    assertThat(Series.median(new double[] {1, 2, 4, 8})).isEqualTo(3.0);
    assertThat(Series.median(new double[] {1, 2, 4})).isEqualTo(2.0);
  }

  private void run(int number, double backlog, double p50, double p99, double streamRss, double peer) throws Exception {
    Files.writeString(dir.resolve("run-" + number + ".jsonl"), String.join("\n",
        line("backlog", backlog).replace("}", ",\"n\":100000,\"max_rss_mb\":360}"),
        "{\"scenario\":\"latency\",\"blocks_per_s\":200,\"p50_ms\":" + p50 + ",\"p99_ms\":" + p99 + "}",
        line("stream", 16_000).replace("}", ",\"max_rss_mb\":" + streamRss + "}")) + "\n");
    Files.writeString(dir.resolve("compare-" + number + ".jsonl"),
        "{\"scenario\":\"compare-backlog\",\"jobs_per_s\":" + peer + ",\"ratio\":" + backlog / peer + "}\n");
  }

  private static String line(String scenario, double blocksPerSecond) {
    return "{\"scenario\":\"" + scenario + "\",\"blocks_per_s\":" + blocksPerSecond + "}";
  }
}
