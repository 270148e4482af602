package io.blockline.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bench's disk neighbours ({@code --disk-neighbours}): they write, report, and leave nothing behind. */
class DiskNeighboursTest {
  @TempDir
  Path dir;

  @Test
  void neighbours_write_and_flush_until_closed_then_remove_their_files() throws Exception {
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    DiskNeighbours neighbours = DiskNeighbours.start(dir, 2, new PrintStream(logged, true));
    DiskNeighbours.Mark from = neighbours.mark();
    try {
      assertThat(filesIn(dir)).isEqualTo(2);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (neighbours.writes() < 20 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    } finally {
      neighbours.close();
    }
    Result result = new Result("sequential", "owner", 1, 1, 1);
    neighbours.record(from, result);

    assertThat(neighbours.writes()).isGreaterThanOrEqualTo(20);
    assertThat(result.extra).containsEntry("disk_neighbours", 2);
    assertThat((Long) result.extra.get("neighbour_writes_per_s")).isPositive();
    assertThat((Double) result.extra.get("neighbour_fdatasync_ms")).isNotNegative();
    assertThat(filesIn(dir)).isZero();
    assertThat(logged.toString()).contains("2 disk neighbour(s)").doesNotContain("stopped");
  }

  @Test
  void the_count_is_checked() {
    assertThat(BenchOptions.parse(new String[] {"--pg-jdbc", "x", "--scenarios", "sequential", "--disk-neighbours", "3",
        "--neighbour-dir", "/data"}).diskNeighbours()).isEqualTo(3);
    for (String bad : new String[] {"-1", "17", "many"}) {
      assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--pg-jdbc", "x", "--disk-neighbours", bad}))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count from 0 to 16");
    }
  }

  private static long filesIn(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }
}
