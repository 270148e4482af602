package io.blockline.session;

import io.blockline.block.BlockStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

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

/** DESIGN.md's precedence: cancelled, PREP, BLOCKER, paused, SUCCESS, ERROR, RUNNING, STANDBY. */
class SessionStatusTest {

  private static SessionStatus derive(List<BlockStatus> blocks) {
    return SessionStatus.derive(blocks, false, false);
  }

  @Test
  void a_cancelled_session_is_cancelled_whatever_its_blocks() {
    assertThat(SessionStatus.derive(List.of(RUNNING, STANDBY), true, false)).isEqualTo(SessionStatus.CANCELLED);
    assertThat(SessionStatus.derive(List.of(SUCCESS, SUCCESS), true, false)).isEqualTo(SessionStatus.CANCELLED);
  }

  @Test
  void cancelled_takes_precedence_over_prep_blocker_and_paused() {
    assertThat(SessionStatus.derive(List.of(PREP, BLOCKER), true, true)).isEqualTo(SessionStatus.CANCELLED);
  }

  @Test
  void any_block_in_prep_makes_the_session_prep() {
    assertThat(derive(List.of(SUCCESS, PREP, STANDBY))).isEqualTo(SessionStatus.PREP);
  }

  @Test
  void prep_takes_precedence_over_blocker_and_paused() {
    assertThat(SessionStatus.derive(List.of(BLOCKER, RUNNING, PREP), false, true)).isEqualTo(SessionStatus.PREP);
  }

  @Test
  void a_failed_blocker_makes_the_session_blocker() {
    assertThat(derive(List.of(SUCCESS, BLOCKER, STANDBY))).isEqualTo(SessionStatus.BLOCKER);
  }

  @Test
  void blocker_takes_precedence_over_paused_running_and_all_terminal() {
    assertThat(SessionStatus.derive(List.of(SUCCESS, BLOCKER), false, true)).isEqualTo(SessionStatus.BLOCKER);
    assertThat(derive(List.of(RUNNING, BLOCKER))).isEqualTo(SessionStatus.BLOCKER);
    assertThat(derive(List.of(ERROR, BLOCKER, SKIPPED))).isEqualTo(SessionStatus.BLOCKER);
  }

  @Test
  void an_interrupted_session_is_paused() {
    assertThat(SessionStatus.derive(List.of(SUCCESS, STANDBY), false, true)).isEqualTo(SessionStatus.PAUSED);
  }

  @Test
  void paused_takes_precedence_over_success_error_and_running() {
    assertThat(SessionStatus.derive(List.of(SUCCESS, SUCCESS), false, true)).isEqualTo(SessionStatus.PAUSED);
    assertThat(SessionStatus.derive(List.of(SUCCESS, ERROR), false, true)).isEqualTo(SessionStatus.PAUSED);
    assertThat(SessionStatus.derive(List.of(SUCCESS, RUNNING), false, true)).isEqualTo(SessionStatus.PAUSED);
  }

  @Test
  void a_session_whose_blocks_all_succeeded_is_success() {
    assertThat(derive(List.of(SUCCESS))).isEqualTo(SessionStatus.SUCCESS);
    assertThat(derive(List.of(SUCCESS, SUCCESS, SUCCESS))).isEqualTo(SessionStatus.SUCCESS);
  }

  @ParameterizedTest
  @EnumSource(value = BlockStatus.class, names = {"ERROR", "TIMEOUT", "CANCELLED", "SKIPPED"})
  void all_terminal_with_one_not_succeeded_is_error(BlockStatus failed) {
    assertThat(derive(List.of(SUCCESS, failed, SUCCESS))).isEqualTo(SessionStatus.ERROR);
  }

  @Test
  void all_terminal_and_none_succeeded_is_error() {
    assertThat(derive(List.of(ERROR, TIMEOUT, CANCELLED, SKIPPED))).isEqualTo(SessionStatus.ERROR);
  }

  @Test
  void a_session_with_a_running_block_and_work_left_is_running() {
    assertThat(derive(List.of(SUCCESS, RUNNING, STANDBY))).isEqualTo(SessionStatus.RUNNING);
    assertThat(derive(List.of(ERROR, RUNNING))).isEqualTo(SessionStatus.RUNNING);
  }

  @Test
  void a_session_with_nothing_running_and_work_left_is_standby() {
    assertThat(derive(List.of(STANDBY, STANDBY))).isEqualTo(SessionStatus.STANDBY);
    assertThat(derive(List.of(SUCCESS, ERROR, STANDBY))).isEqualTo(SessionStatus.STANDBY);
  }

  @Test
  void resting_statuses_are_those_nothing_moves_without_a_caller() {
    assertThat(SessionStatus.values()).filteredOn(SessionStatus::resting).containsExactlyInAnyOrder(
        SessionStatus.PAUSED, SessionStatus.SUCCESS, SessionStatus.ERROR, SessionStatus.BLOCKER, SessionStatus.CANCELLED);
  }
}
