package io.blockline.block;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;
import java.util.Set;

import static io.blockline.block.BlockStatus.BLOCKER;
import static io.blockline.block.BlockStatus.CANCELLED;
import static io.blockline.block.BlockStatus.ERROR;
import static io.blockline.block.BlockStatus.PREP;
import static io.blockline.block.BlockStatus.RUNNING;
import static io.blockline.block.BlockStatus.SKIPPED;
import static io.blockline.block.BlockStatus.STANDBY;
import static io.blockline.block.BlockStatus.SUCCESS;
import static io.blockline.block.BlockStatus.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

class BlockStatusTest {

  @Test
  void the_statuses_are_those_of_the_api() {
    assertThat(BlockStatus.values()).extracting(Enum::name)
        .containsExactly("PREP", "STANDBY", "RUNNING", "SUCCESS", "ERROR", "BLOCKER", "TIMEOUT", "CANCELLED", "SKIPPED");
  }

  @Test
  void success_is_final() {
    assertThat(SUCCESS.next()).isEmpty();
    assertThat(SUCCESS.replayable()).isFalse();
    for (BlockStatus other : BlockStatus.values()) {
      assertThat(SUCCESS.canMoveTo(other)).as("SUCCESS -> %s", other).isEqualTo(other == SUCCESS);
    }
  }

  /** The issue: "CANCELLED is final" — not even a replay moves it on. */
  @Test
  void cancelled_is_final() {
    assertThat(CANCELLED.next()).isEmpty();
    assertThat(CANCELLED.replayable()).isFalse();
    for (BlockStatus other : EnumSet.complementOf(EnumSet.of(CANCELLED))) {
      assertThat(CANCELLED.canMoveTo(other)).as("CANCELLED -> %s", other).isFalse();
    }
  }

  @Test
  void terminal_states_are_those_no_work_happens_on_without_a_replay() {
    assertThat(BlockStatus.values()).filteredOn(BlockStatus::terminal)
        .containsExactlyInAnyOrder(SUCCESS, ERROR, BLOCKER, TIMEOUT, CANCELLED, SKIPPED);
  }

  @Test
  void failed_states_are_the_terminal_ones_other_than_success() {
    for (BlockStatus s : BlockStatus.values()) {
      assertThat(s.failed()).as("%s.failed()", s).isEqualTo(s.terminal() && s != SUCCESS);
    }
  }

  /**
   * API.md: replay takes "a block that is not SUCCESS and not RUNNING" back to STANDBY; the issue
   * makes CANCELLED final, so a cancelled block is not replayable either.
   */
  @ParameterizedTest
  @EnumSource(BlockStatus.class)
  void replayable_follows_the_api_replay_rule_not_success_not_running_not_cancelled(BlockStatus status) {
    assertThat(status.replayable()).isEqualTo(status != SUCCESS && status != RUNNING && status != CANCELLED);
  }

  @ParameterizedTest
  @EnumSource(BlockStatus.class)
  void a_state_that_may_be_replayed_may_move_back_to_standby(BlockStatus status) {
    if (status.replayable()) {
      assertThat(status.canMoveTo(STANDBY)).as("%s -> STANDBY", status).isTrue();
    }
  }

  @Test
  void a_waiting_block_is_claimed_skipped_or_cancelled() {
    assertThat(STANDBY.next()).containsExactlyInAnyOrder(RUNNING, SKIPPED, CANCELLED);
  }

  @Test
  void a_running_block_moves_to_any_outcome_or_back_to_standby_for_a_retry() {
    assertThat(RUNNING.next()).containsExactlyInAnyOrder(SUCCESS, ERROR, BLOCKER, TIMEOUT, CANCELLED, STANDBY);
  }

  @Test
  void only_a_claim_makes_a_block_running() {
    for (BlockStatus s : BlockStatus.values()) {
      if (s != STANDBY && s != RUNNING) {
        assertThat(s.next()).as("%s.next()", s).doesNotContain(RUNNING);
      }
    }
  }

  @Test
  void only_a_run_ends_a_block_in_success_error_blocker_or_timeout() {
    Set<BlockStatus> outcomes = EnumSet.of(SUCCESS, ERROR, BLOCKER, TIMEOUT);
    for (BlockStatus s : BlockStatus.values()) {
      if (s != RUNNING) {
        assertThat(s.next()).as("%s.next()", s).doesNotContainAnyElementsOf(outcomes);
      }
    }
  }

  /** Cancels spare terminal blocks and the planner skips waiting ones only: a replay is the one way on. */
  @ParameterizedTest
  @EnumSource(value = BlockStatus.class, names = {"ERROR", "BLOCKER", "TIMEOUT", "SKIPPED"})
  void a_block_that_ended_without_success_only_moves_back_to_standby(BlockStatus status) {
    assertThat(status.next()).containsExactly(STANDBY);
  }

  @Test
  void a_block_being_prepared_is_submitted_to_standby_or_cancelled() {
    assertThat(PREP.next()).containsExactlyInAnyOrder(STANDBY, CANCELLED);
  }

  @Test
  void staying_in_the_same_state_is_always_allowed() {
    for (BlockStatus s : BlockStatus.values()) {
      assertThat(s.canMoveTo(s)).isTrue();
    }
  }

  @Test
  void every_state_is_reachable_from_standby() {
    Set<BlockStatus> reached = EnumSet.of(STANDBY);
    boolean grew = true;
    while (grew) {
      Set<BlockStatus> more = EnumSet.copyOf(reached);
      reached.forEach(s -> more.addAll(s.next()));
      grew = more.size() > reached.size();
      reached = more;
    }
    assertThat(reached).containsAll(EnumSet.complementOf(EnumSet.of(PREP)));
  }
}
