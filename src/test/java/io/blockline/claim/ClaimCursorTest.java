package io.blockline.claim;

import io.blockline.block.ClaimPosition;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the claim loop's next claim starts: the rules of {@link ClaimCursor}. */
class ClaimCursorTest {
  private final AtomicLong nowMs = new AtomicLong(1_000);
  private final ClaimCursor cursor = new ClaimCursor(nowMs::get);
  private static final ClaimPosition FIFTH = new ClaimPosition(50, 5, 105);

  @Test
  void the_first_claim_starts_from_the_head() {
    assertThat(cursor.start().after()).isNull();
  }

  @Test
  void a_full_claim_is_followed_by_one_that_starts_after_the_last_block_it_took() {
    cursor.finished(cursor.start(), FIFTH, true);

    assertThat(cursor.start().after()).isEqualTo(FIFTH);
  }

  @Test
  void a_short_claim_is_followed_by_one_from_the_head() {
    cursor.finished(cursor.start(), FIFTH, true);
    cursor.finished(cursor.start(), new ClaimPosition(50, 7, 107), false);

    assertThat(cursor.start().after()).isNull();
  }

  @Test
  void a_wake_up_sends_the_next_claim_to_the_head_even_if_it_came_while_a_full_claim_was_in_flight() {
    cursor.finished(cursor.start(), FIFTH, true);
    ClaimCursor.Start inFlight = cursor.start();
    cursor.restart();
    cursor.finished(inFlight, new ClaimPosition(50, 9, 109), true);

    assertThat(cursor.start().after()).isNull();
  }

  @Test
  void a_failed_claim_is_followed_by_one_from_the_head() {
    cursor.finished(cursor.start(), FIFTH, true);
    cursor.start();
    cursor.failed();

    assertThat(cursor.start().after()).isNull();
  }

  @Test
  void the_last_place_taken_is_kept_after_a_short_claim_and_a_wake_up() {
    assertThat(cursor.lastTaken()).isNull();
    cursor.finished(cursor.start(), FIFTH, false);
    cursor.restart();
    cursor.finished(cursor.start(), null, false);

    assertThat(cursor.lastTaken()).isEqualTo(FIFTH);
  }

  @Test
  void the_head_is_read_again_once_the_interval_has_passed_and_then_resumed_from_where_that_claim_stopped() {
    cursor.finished(cursor.start(), FIFTH, true);
    nowMs.addAndGet(ClaimCursor.MIN_HEAD_INTERVAL_MS - 1);
    cursor.finished(cursor.start(), new ClaimPosition(50, 9, 109), true);
    nowMs.addAndGet(1);

    ClaimCursor.Start head = cursor.start();
    assertThat(head.after()).as("interval passed").isNull();
    cursor.finished(head, new ClaimPosition(50, 2, 102), true);
    assertThat(cursor.start().after()).isEqualTo(new ClaimPosition(50, 2, 102));
  }

  @Test
  void the_interval_grows_with_what_a_head_scan_costs() {
    ClaimCursor.Start head = cursor.start();
    nowMs.addAndGet(40);
    cursor.finished(head, FIFTH, true);

    assertThat(cursor.headIntervalMs()).isEqualTo(40 * ClaimCursor.HEAD_SCAN_SHARE);
    nowMs.addAndGet(40 * ClaimCursor.HEAD_SCAN_SHARE - 41);
    assertThat(cursor.start().after()).as("not yet").isEqualTo(FIFTH);
  }

  @Test
  void the_claim_order_is_priority_first_then_fair_key_then_id() {
    assertThat(new ClaimPosition(60, 9, 9)).isLessThan(new ClaimPosition(50, 1, 1));
    assertThat(new ClaimPosition(50, 1, 9)).isLessThan(new ClaimPosition(50, 2, 1));
    assertThat(new ClaimPosition(50, 2, 1)).isLessThan(new ClaimPosition(50, 2, 3));
  }
}
