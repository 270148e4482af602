package io.blockline.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Neighbours on the database's disk ({@code --disk-neighbours N}): threads that each append 8 KiB
 * to a file of their own and flush it (fdatasync) back to back, starting the file again every 500
 * writes, as another database committing small transactions on the same disk would (or
 * {@code dd bs=8k count=500 oflag=dsync} in a loop). They stand for the slow hours of a shared
 * machine, when {@code sequential}, one commit after another, lost a fifth of its rate: the bench then
 * measures what the node keeps beside them. They cost CPU as well as disk time, like a real
 * neighbour. Started after the warm-up, stopped after the last scenario.
 */
final class DiskNeighbours implements AutoCloseable {
  private static final int WRITE_BYTES = 8 * 1024;
  private static final int WRITES_PER_FILE = 500;

  private final List<Thread> threads = new ArrayList<>();
  private final List<Path> files = new ArrayList<>();
  private final LongAdder writes = new LongAdder();
  private final LongAdder flushNanos = new LongAdder();
  private final PrintStream log;
  private volatile boolean stopping;

  /** What the neighbours had done at one moment, to report a scenario's share. */
  record Mark(long nanos, long writes, long flushNanos) {
  }

  private DiskNeighbours(PrintStream log) {
    this.log = log;
  }

  /** Starts {@code count} neighbours writing in {@code dir} (which should be on the database's disk). */
  static DiskNeighbours start(Path dir, int count, PrintStream log) throws IOException {
    DiskNeighbours neighbours = new DiskNeighbours(log);
    Files.createDirectories(dir);
    for (int i = 0; i < count; i++) {
      Path file = dir.resolve("disk-neighbour-" + i);
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING);
      neighbours.files.add(file);
      Thread thread = new Thread(() -> neighbours.write(channel), "disk-neighbour-" + i);
      thread.setDaemon(true);
      neighbours.threads.add(thread);
      thread.start();
    }
    log.println("bench: " + count + " disk neighbour(s) writing 8 KiB synchronously, back to back, in " + dir);
    return neighbours;
  }

  private void write(FileChannel channel) {
    ByteBuffer page = ByteBuffer.allocateDirect(WRITE_BYTES);
    try (channel) {
      long n = 0;
      while (!stopping) {
        if (n++ % WRITES_PER_FILE == 0) {
          channel.truncate(0);
          channel.position(0);
        }
        page.clear();
        while (page.hasRemaining()) {
          channel.write(page);
        }
        long before = System.nanoTime();
        channel.force(false);
        flushNanos.add(System.nanoTime() - before);
        writes.increment();
      }
    } catch (IOException e) {
      log.println("bench: a disk neighbour stopped: " + e);
    }
  }

  Mark mark() {
    return new Mark(System.nanoTime(), writes.sum(), flushNanos.sum());
  }

  /** Records what the neighbours did since {@code from} in the result's extra figures. */
  void record(Mark from, Result result) {
    Mark now = mark();
    long done = now.writes() - from.writes();
    double seconds = (now.nanos() - from.nanos()) / 1e9;
    result.extra("disk_neighbours", threads.size());
    result.extra("neighbour_writes_per_s", Math.round(done / Math.max(seconds, 1e-9)));
    if (done > 0) {
      result.extra("neighbour_fdatasync_ms", Math.round((now.flushNanos() - from.flushNanos()) / 1e3 / done) / 1000.0);
    }
  }

  long writes() {
    return writes.sum();
  }

  @Override
  public void close() throws InterruptedException, IOException {
    stopping = true;
    for (Thread thread : threads) {
      thread.join();
    }
    for (Path file : files) {
      Files.deleteIfExists(file);
    }
  }
}
