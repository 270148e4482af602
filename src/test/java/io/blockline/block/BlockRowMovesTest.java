package io.blockline.block;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every status change of a {@link BlockRow} follows {@link BlockStatus#next()}, as production uses them. */
class BlockRowMovesTest {
  private static final JsonObject ERR = Outcome.error("E", "failed");

  /** Each mutator and the status it moves a block to. */
  private static final Map<String, Move> MUTATORS = Map.of(
      "apply", new Move(SUCCESS, b -> b.apply(new Transition.Decision(SUCCESS, null, new JsonObject(), null))),
      "release", new Move(STANDBY, BlockRow::release),
      "skip", new Move(SKIPPED, b -> b.skip("required block a ended ERROR")),
      "rearm", new Move(STANDBY, BlockRow::rearm),
      "claimDirectly", new Move(RUNNING, b -> b.claimDirectly(UUID.randomUUID())),
      "replay", new Move(STANDBY, BlockRow::replay),
      "cancel", new Move(CANCELLED, b -> b.cancel("cancelled by caller")));

  private record Move(BlockStatus target, Consumer<BlockRow> make) {
  }

  @AfterEach
  void strict_again() {
    IllegalMoves.strict(true);
  }

  private static BlockRow row(BlockStatus status) {
    return new BlockRow(123, "b-token", 7, 0, "a", List.of(), false, true, null, false, status, false, 1, 0,
        status == RUNNING ? UUID.randomUUID() : null, null);
  }

  @Test
  void tests_run_strict_because_surefire_enables_assertions() {
    assertThat(BlockRow.class.desiredAssertionStatus()).isTrue();
    assertThat(IllegalMoves.strict()).isTrue();
  }

  // ---- the moves production makes, from the statuses it makes them from ----

  @ParameterizedTest
  @EnumSource(value = BlockStatus.class, names = {"SUCCESS", "ERROR", "BLOCKER", "TIMEOUT", "CANCELLED"})
  void an_outcome_moves_a_running_block_to_its_decided_status(BlockStatus decided) {
    BlockRow block = row(RUNNING);
    block.apply(new Transition.Decision(decided, null, null, ERR));
    assertThat(block.status()).isEqualTo(decided);
  }

  @Test
  void a_retry_moves_a_running_block_back_to_standby_released() {
    BlockRow block = row(RUNNING);
    block.apply(new Transition.Decision(STANDBY, 500L, null, ERR));
    assertThat(block.status()).isEqualTo(STANDBY);
    assertThat(block.released()).isTrue();
    assertThat(block.due()).isEqualTo(BlockRow.Due.AFTER_DELAY);
  }

  @Test
  void a_release_keeps_a_waiting_block_standby() {
    BlockRow block = row(STANDBY);
    block.release();
    assertThat(block.status()).isEqualTo(STANDBY);
    assertThat(block.released()).isTrue();
  }

  @Test
  void the_planner_skips_a_waiting_block_and_rearms_a_skipped_one() {
    BlockRow block = row(STANDBY);
    block.skip("required block a ended ERROR");
    assertThat(block.status()).isEqualTo(SKIPPED);
    block.rearm();
    assertThat(block.status()).isEqualTo(STANDBY);
    assertThat(block.waiting()).isTrue();
  }

  @Test
  void the_fast_path_claims_a_released_standby_block() {
    BlockRow block = row(STANDBY);
    block.release();
    block.claimDirectly(UUID.randomUUID());
    assertThat(block.status()).isEqualTo(RUNNING);
    assertThat(block.directLease()).isNotNull();
  }

  /** The engine replays what {@link BlockStatus#replayable()} allows. */
  @ParameterizedTest
  @EnumSource(value = BlockStatus.class, names = {"PREP", "STANDBY", "ERROR", "BLOCKER", "TIMEOUT", "SKIPPED"})
  void a_replay_moves_a_replayable_block_to_standby(BlockStatus from) {
    assertThat(from.replayable()).isTrue();
    BlockRow block = row(from);
    block.replay();
    assertThat(block.status()).isEqualTo(STANDBY);
    assertThat(block.dueNow()).isTrue();
  }

  /** The engine cancels a block that is not terminal (a session's cancel also takes PREP ones). */
  @ParameterizedTest
  @EnumSource(value = BlockStatus.class, names = {"PREP", "STANDBY", "RUNNING"})
  void a_cancel_moves_a_live_block_to_cancelled(BlockStatus from) {
    BlockRow block = row(from);
    block.cancel("session cancelled");
    assertThat(block.status()).isEqualTo(CANCELLED);
  }

  // ---- the table decides ----

  /** Each mutator from each status: allowed exactly when the table says so (release: from STANDBY only), refused otherwise. */
  @ParameterizedTest
  @EnumSource(BlockStatus.class)
  void every_mutator_is_checked_against_the_table(BlockStatus from) {
    MUTATORS.forEach((name, move) -> {
      BlockRow block = row(from);
      // A release only keeps a waiting block STANDBY; the table's other ways there are not releases.
      boolean legal = name.equals("release") ? from == STANDBY : from.canMoveTo(move.target());
      if (legal) {
        move.make().accept(block);
        assertThat(block.status()).as("%s from %s", name, from).isEqualTo(move.target());
      } else {
        assertThatThrownBy(() -> move.make().accept(block)).as("%s from %s", name, from)
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("illegal block move " + from + " -> " + move.target() + " (" + name + ") block=123");
        assertThat(block.status()).as("%s from %s left alone", name, from).isEqualTo(from);
        assertThat(block.dirty()).isFalse();
      }
    });
  }

  @Test
  void claiming_a_finished_block_throws_in_tests() {
    BlockRow block = row(SUCCESS);
    assertThatThrownBy(() -> block.claimDirectly(UUID.randomUUID()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("illegal block move SUCCESS -> RUNNING (claimDirectly) block=123");
  }

  @Test
  void replaying_a_cancelled_block_or_cancelling_a_failed_one_throws_in_tests() {
    assertThatThrownBy(() -> row(CANCELLED).replay()).hasMessageContaining("CANCELLED -> STANDBY (replay)");
    assertThatThrownBy(() -> row(ERROR).cancel("x")).hasMessageContaining("ERROR -> CANCELLED (cancel)");
    assertThatThrownBy(() -> row(RUNNING).skip("x")).hasMessageContaining("RUNNING -> SKIPPED (skip)");
    assertThatThrownBy(() -> row(STANDBY).apply(new Transition.Decision(TIMEOUT, null, null, ERR)))
        .hasMessageContaining("STANDBY -> TIMEOUT (apply)");
  }

  @Test
  void in_production_an_illegal_move_is_counted_and_still_made() {
    IllegalMoves.strict(false);
    long pair = IllegalMoves.count(BLOCKER, RUNNING);
    long total = IllegalMoves.count();

    BlockRow first = row(BLOCKER);
    first.claimDirectly(UUID.randomUUID());
    BlockRow second = row(BLOCKER);
    second.claimDirectly(UUID.randomUUID());
    row(PREP).skip("x");

    assertThat(first.status()).isEqualTo(RUNNING);
    assertThat(first.dirty()).isTrue();
    assertThat(second.status()).isEqualTo(RUNNING);
    assertThat(IllegalMoves.count(BLOCKER, RUNNING)).isEqualTo(pair + 2);
    assertThat(IllegalMoves.count()).isGreaterThanOrEqualTo(total + 3);
  }

  @Test
  void a_legal_move_is_not_counted() {
    IllegalMoves.strict(false);
    long before = IllegalMoves.count(STANDBY, RUNNING);
    row(STANDBY).claimDirectly(UUID.randomUUID());
    assertThat(IllegalMoves.count(STANDBY, RUNNING)).isEqualTo(before);
  }
}
