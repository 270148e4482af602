package io.blockline.engine;

import io.vertx.core.Future;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Group commit: items that arrive while flushes are in flight are written together by the next
 * one, so a burst of N requests costs a few transactions, not N, and a lone request waits for
 * nobody. At most {@code maxInFlight} flushes at a time (1 keeps them in order); each item
 * carries its own promise, answered by its flush. A batch holds at most {@code maxBatch} items
 * and, when items are weighed, at most {@code maxWeight} in all (an item heavier than that goes
 * alone). Used from one event-loop context only.
 *
 * <p>Optionally it lingers ({@link #lingering}): under load, the next flush waits a little for
 * more items, so that fewer, larger transactions carry the same work.
 */
public final class Batcher<T> {
  private final ArrayDeque<T> queue = new ArrayDeque<>();
  private final Function<List<T>, Future<?>> flush;
  private final int maxBatch;
  private final int maxInFlight;
  private final ToIntFunction<T> weight;
  private final long maxWeight;
  private int flushing;
  private Linger linger;
  /** A lingering wait is on; its timer (by generation, so a superseded one does nothing) will drain. */
  private boolean lingeringNow;
  private long lingerGeneration;
  private long lingered;

  /**
   * When to wait before a flush. After a flush of at least {@code afterBatchOf} items (a sign of
   * steady load: a lone caller's flushes hold one) that leaves items queued but fewer than
   * {@code flushAt}, the next flush waits up to {@code ms} for more; reaching {@code flushAt}
   * items ends the wait at once. An idle batcher never waits: a lone item is flushed at once.
   *
   * @param timer runs the runnable after the given milliseconds (on the batcher's context)
   */
  public record Linger(long ms, int afterBatchOf, int flushAt, BiConsumer<Long, Runnable> timer) {
  }

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

  /** Turns lingering on (see {@link Linger}); a linger of 0 ms leaves it off. */
  public Batcher<T> lingering(Linger linger) {
    this.linger = linger.ms() > 0 ? linger : null;
    return this;
  }

  public void add(T item) {
    queue.add(item);
    if (lingeringNow && queue.size() >= linger.flushAt()) {
      endLinger();
    }
    drain();
  }

  /** Flushes that waited for more items so far. */
  public long lingered() {
    return lingered;
  }

  public int pending() {
    return queue.size();
  }

  public boolean idle() {
    return flushing == 0 && queue.isEmpty();
  }

  private void drain() {
    if (lingeringNow || flushing >= maxInFlight || queue.isEmpty()) {
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
    int size = batch.size();
    Future<?> done;
    try {
      done = flush.apply(batch);
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onComplete(ignored -> {
      flushing--;
      if (shouldLinger(size)) {
        lingeringNow = true;
        lingered++;
        long generation = ++lingerGeneration;
        linger.timer().accept(linger.ms(), () -> {
          if (generation == lingerGeneration && lingeringNow) {
            endLinger();
            drain();
          }
        });
        return;
      }
      drain();
    });
  }

  /** @param finished the size of the flush that just completed */
  private boolean shouldLinger(int finished) {
    return linger != null && !lingeringNow && finished >= linger.afterBatchOf()
        && !queue.isEmpty() && queue.size() < linger.flushAt();
  }

  private void endLinger() {
    lingeringNow = false;
    lingerGeneration++;
  }
}
