package io.blockline.engine;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Group commit: what goes into each flush, and when the next one starts. */
class BatcherTest {
  private final List<List<Integer>> flushed = new ArrayList<>();
  private final List<Promise<Void>> inFlight = new ArrayList<>();

  private Future<Void> flush(List<Integer> batch) {
    flushed.add(batch);
    Promise<Void> done = Promise.promise();
    inFlight.add(done);
    return done.future();
  }

  private void finishOldest() {
    inFlight.remove(0).complete();
  }

  @Test
  void a_lone_item_is_flushed_at_once_and_items_arriving_meanwhile_go_together_next() {
    Batcher<Integer> batcher = new Batcher<>(10, this::flush);
    batcher.add(1);
    batcher.add(2);
    batcher.add(3);
    assertThat(flushed).containsExactly(List.of(1));

    finishOldest();
    assertThat(flushed).containsExactly(List.of(1), List.of(2, 3));
    finishOldest();
    assertThat(batcher.idle()).isTrue();
  }

  @Test
  void a_flush_holds_at_most_max_batch_items() {
    Batcher<Integer> batcher = new Batcher<>(2, this::flush);
    for (int i = 1; i <= 5; i++) {
      batcher.add(i);
    }
    finishOldest();
    finishOldest();
    assertThat(flushed).containsExactly(List.of(1), List.of(2, 3), List.of(4, 5));
  }

  @Test
  void weighed_items_fill_a_flush_up_to_the_weight_and_a_heavier_one_goes_alone() {
    Batcher<Integer> batcher = new Batcher<>(100, 1, item -> item, 10, this::flush);
    batcher.add(1);
    for (int item : new int[] {4, 5, 2, 25, 3}) {
      batcher.add(item);
    }
    finishOldest();
    finishOldest();
    finishOldest();
    finishOldest();

    assertThat(flushed).containsExactly(List.of(1), List.of(4, 5), List.of(2), List.of(25), List.of(3));
  }

  // ---- lingering: under load the next flush waits a little for more ----

  /** Timers the test fires by hand: what the batcher scheduled, in order. */
  private final List<Runnable> timers = new ArrayList<>();
  private final List<Long> timerMs = new ArrayList<>();

  private Batcher<Integer> lingering(long ms, int afterBatchOf, int flushAt) {
    return new Batcher<Integer>(100, this::flush).lingering(new Batcher.Linger(ms, afterBatchOf, flushAt,
        (delay, action) -> {
          timerMs.add(delay);
          timers.add(action);
        }));
  }

  @Test
  void after_a_large_flush_the_next_waits_for_its_timer_and_takes_what_arrived_meanwhile() {
    Batcher<Integer> batcher = lingering(8, 3, 50);
    batcher.add(1);
    batcher.add(2);
    batcher.add(3);
    batcher.add(4);
    finishOldest();                              // [1] was small: [2, 3, 4] goes at once
    assertThat(flushed).containsExactly(List.of(1), List.of(2, 3, 4));

    batcher.add(5);
    finishOldest();                              // [2, 3, 4] was large and 5 waits: linger
    assertThat(flushed).hasSize(2);
    assertThat(timerMs).containsExactly(8L);
    batcher.add(6);
    batcher.add(7);
    assertThat(flushed).hasSize(2);
    assertThat(batcher.idle()).isFalse();

    timers.get(0).run();
    assertThat(flushed).containsExactly(List.of(1), List.of(2, 3, 4), List.of(5, 6, 7));
  }

  @Test
  void an_idle_batcher_never_lingers_a_lone_item_goes_at_once() {
    Batcher<Integer> batcher = lingering(8, 1, 50);
    batcher.add(1);
    finishOldest();                              // nothing queued behind it: no wait
    batcher.add(2);
    assertThat(flushed).containsExactly(List.of(1), List.of(2));
    assertThat(timers).isEmpty();
  }

  @Test
  void reaching_the_flush_threshold_ends_the_wait_at_once_and_the_stale_timer_does_nothing() {
    Batcher<Integer> batcher = lingering(8, 2, 4);
    batcher.add(1);
    batcher.add(2);
    batcher.add(3);
    finishOldest();
    finishOldest();                              // [2, 3] was large, nothing queued: no wait
    batcher.add(4);
    batcher.add(5);
    batcher.add(6);                              // [4] at once; 5, 6 queue behind it
    finishOldest();                              // [4] was small: [5, 6] at once
    batcher.add(7);
    finishOldest();                              // [5, 6] large, 7 queued: linger
    assertThat(timers).hasSize(1);
    batcher.add(8);
    batcher.add(9);
    batcher.add(10);                             // four waiting: flush now
    assertThat(flushed).containsExactly(List.of(1), List.of(2, 3), List.of(4), List.of(5, 6), List.of(7, 8, 9, 10));

    batcher.add(11);                             // behind the flush in flight
    timers.get(0).run();                         // the superseded timer must not start a second flush
    assertThat(flushed).hasSize(5);
    finishOldest();                              // [7..10] was large and 11 waits: a new linger
    assertThat(timers).hasSize(2);
    timers.get(1).run();
    assertThat(flushed.get(5)).containsExactly(11);
  }

  @Test
  void a_linger_of_zero_is_off() {
    Batcher<Integer> batcher = lingering(0, 1, 50);
    batcher.add(1);
    batcher.add(2);
    batcher.add(3);
    finishOldest();
    batcher.add(4);
    finishOldest();
    assertThat(flushed).containsExactly(List.of(1), List.of(2, 3), List.of(4));
    assertThat(timers).isEmpty();
  }
}
