package io.blockline.dispatch;

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
}
