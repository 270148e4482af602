package io.blockline.process;

import io.blockline.handler.RunStopped;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommandSlotsTest {
  private final CommandSlots slots = new CommandSlots(1);

  @Test
  void runs_beyond_the_bound_wait_their_turn_first_come_first_served() {
    Future<Void> first = slots.acquire(Promise.<String>promise().future());
    Future<Void> second = slots.acquire(Promise.<String>promise().future());
    Future<Void> third = slots.acquire(Promise.<String>promise().future());

    assertThat(first.succeeded()).isTrue();
    assertThat(second.isComplete()).isFalse();
    slots.release();
    assertThat(second.succeeded()).isTrue();
    assertThat(third.isComplete()).isFalse();
    slots.release();
    assertThat(third.succeeded()).isTrue();
  }

  @Test
  void a_run_stopped_while_it_waits_leaves_the_queue_with_its_reason() {
    slots.acquire(Promise.<String>promise().future());
    Promise<String> stop = Promise.promise();
    Future<Void> waiting = slots.acquire(stop.future());
    Future<Void> next = slots.acquire(Promise.<String>promise().future());

    stop.complete("timeout");
    slots.release();

    assertThat(waiting.failed()).isTrue();
    assertThat(((RunStopped) waiting.cause()).reason()).isEqualTo("timeout");
    assertThat(next.succeeded()).as("the stopped run's turn went to the next").isTrue();
    assertThat(slots.running()).isEqualTo(1);
  }

  @Test
  void a_process_taken_over_gets_a_slot_even_past_the_bound() {
    slots.acquire(Promise.<String>promise().future());
    slots.take();

    assertThat(slots.running()).isEqualTo(2);
    Future<Void> waiting = slots.acquire(Promise.<String>promise().future());
    slots.release();
    assertThat(waiting.isComplete()).as("still one over the bound").isFalse();
    slots.release();
    assertThat(waiting.succeeded()).isTrue();
  }
}
