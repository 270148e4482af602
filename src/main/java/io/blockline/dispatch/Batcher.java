package io.blockline.dispatch;

import io.vertx.core.Future;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Group commit: items that arrive while flushes are in flight are written together by the next
 * one, so a burst of N requests costs a few transactions, not N, and a lone request waits for
 * nobody. At most {@code maxInFlight} flushes at a time (1 keeps them in order); each item
 * carries its own promise, answered by its flush. A batch holds at most {@code maxBatch} items
 * and, when items are weighed, at most {@code maxWeight} in all (an item heavier than that goes
 * alone). Used from one event-loop context only.
 */
public final class Batcher<T> {
  private final ArrayDeque<T> queue = new ArrayDeque<>();
  private final Function<List<T>, Future<?>> flush;
  private final int maxBatch;
  private final int maxInFlight;
  private final ToIntFunction<T> weight;
  private final long maxWeight;
  private int flushing;

  public Batcher(int maxBatch, Function<List<T>, Future<?>> flush) {
    this(maxBatch, 1, flush);
  }

  public Batcher(int maxBatch, int maxInFlight, Function<List<T>, Future<?>> flush) {
    this(maxBatch, maxInFlight, item -> 1, Long.MAX_VALUE, flush);
  }

  public Batcher(int maxBatch, int maxInFlight, ToIntFunction<T> weight, long maxWeight,
                 Function<List<T>, Future<?>> flush) {
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
    this.weight = weight;
    this.maxWeight = maxWeight;
    this.flush = flush;
  }

  public void add(T item) {
    queue.add(item);
    drain();
  }

  public int pending() {
    return queue.size();
  }

  public boolean idle() {
    return flushing == 0 && queue.isEmpty();
  }

  private void drain() {
    if (flushing >= maxInFlight || queue.isEmpty()) {
      return;
    }
    List<T> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
    long weighed = 0;
    while (!queue.isEmpty() && batch.size() < maxBatch) {
      int next = weight.applyAsInt(queue.peek());
      if (!batch.isEmpty() && weighed + next > maxWeight) {
        break;
      }
      weighed += next;
      batch.add(queue.poll());
    }
    flushing++;
    Future<?> done;
    try {
      done = flush.apply(batch);
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onComplete(ignored -> {
      flushing--;
      drain();
    });
  }
}
