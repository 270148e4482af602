package io.blockline.block;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The tally's arithmetic when a statement releases a session's waiting blocks unloaded. */
class BlockCountsTest {
  @Test
  void releasing_the_unloaded_waiting_blocks_counts_a_loaded_one_changed_meanwhile_once() {
    // Stored: 3 blocks, all waiting. One of them was loaded (a command's target) and cancelled in
    // this transaction; the statement releases the other two.
    BlockCounts stored = BlockCounts.fromTally(3, 0, 0, 0, 0, 3, 0);
    BlockRow cancelled = waiting();
    cancelled.cancel("cancelled by caller");
    List<BlockRow> loaded = List.of(cancelled);
    int stillWaiting = stored.withChanges(loaded).waiting();

    BlockCounts after = stored.withWaitingReleased(stillWaiting).withChanges(loaded);

    assertThat(stillWaiting).isEqualTo(2);
    assertThat(after.waiting()).isZero();
    assertThat(after.active()).as("released, claimable").isEqualTo(2);
    assertThat(after.failed()).as("the cancelled one").isEqualTo(1);
    assertThat(after.impossible()).isFalse();
  }

  private static BlockRow waiting() {
    return new BlockRow(1, "b-token", 7, 0, "a", List.of(), false, false, null, false, BlockStatus.STANDBY, false, 0, 0,
        null, null);
  }
}
