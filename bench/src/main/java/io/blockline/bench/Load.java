package io.blockline.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/** Runs {@code n} blocking tasks on a fixed pool of {@code threads}, within a deadline; the first failure stops it. */
final class Load {
  private Load() {
  }

  /** @return each task's duration in milliseconds, by task index */
  static double[] run(int n, int threads, Duration deadline, IntConsumer task) {
    double[] millis = new double[n];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long until = System.nanoTime() + deadline.toNanos();
    int poolSize = Math.max(1, Math.min(threads, n));
    ExecutorService pool = Executors.newFixedThreadPool(poolSize, r -> {
      Thread t = new Thread(r, "bench-load");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < poolSize; w++) {
        workers.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
            if (failure.get() != null || System.nanoTime() > until) {
              return;
            }
            long start = System.nanoTime();
            try {
              task.accept(i);
            } catch (Throwable e) {
              failure.compareAndSet(null, e);
              return;
            }
            millis[i] = (System.nanoTime() - start) / 1e6;
            done.incrementAndGet();
          }
        }));
      }
      pool.shutdown();
      long waitNanos = Math.max(0, until - System.nanoTime()) + TimeUnit.SECONDS.toNanos(5);
      if (!pool.awaitTermination(waitNanos, TimeUnit.NANOSECONDS)) {
        throw new BenchFailure("load of " + n + " tasks did not finish within " + deadline.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
    if (failure.get() != null) {
      Throwable e = failure.get();
      throw e instanceof BenchFailure b ? b : new BenchFailure(e.toString(), e);
    }
    if (done.get() < n) {
      throw new BenchFailure("load ran out of its " + deadline.toSeconds() + " s deadline after " + done.get()
          + " of " + n + " tasks");
    }
    return millis;
  }
}
