package io.blockline.dispatch;

import io.vertx.core.Future;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Group commit: items that arrive while a flush is in flight are written together by the next
 * one, so a burst of N requests costs a few transactions, not N, and a lone request waits for
 * nobody. One flush at a time; each item carries its own promise, answered by the flush.
 * Used from one event-loop context only.
 */
public final class Batcher<T> {
  private final ArrayDeque<T> queue = new ArrayDeque<>();
  private final Function<List<T>, Future<?>> flush;
  private final int maxBatch;
  private boolean flushing;

  public Batcher(int maxBatch, Function<List<T>, Future<?>> flush) {
    this.maxBatch = maxBatch;
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
    return !flushing && queue.isEmpty();
  }

  private void drain() {
    if (flushing || queue.isEmpty()) {
      return;
    }
    List<T> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
    while (!queue.isEmpty() && batch.size() < maxBatch) {
      batch.add(queue.poll());
    }
    flushing = true;
    Future<?> done;
    try {
      done = flush.apply(batch);
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onComplete(ignored -> {
      flushing = false;
      drain();
    });
  }
}
