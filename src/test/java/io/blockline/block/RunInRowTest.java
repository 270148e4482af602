package io.blockline.block;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Which completions keep their run in the block's row rather than in runs (V15). */
class RunInRowTest {
  private static final RunRecord SUCCEEDED = new RunRecord(-1, 1_000, 1_005, "SUCCESS", null);

  /** A running block at its {@code attempts}-th attempt, its {@code executions}-th execution, then moved by {@code outcome}. */
  private static BlockRow completed(int attempts, int executions, int replays, BlockStatus outcome) {
    BlockRow row = new BlockRow(1, "t", 1, 0, "a", List.of(), false, true, null, false, BlockStatus.RUNNING, false,
        attempts, replays, UUID.randomUUID(), null).withExecutions(executions);
    row.apply(new Transition.Decision(outcome, null, new JsonObject(), null));
    return row;
  }

  @Test
  void the_one_successful_run_of_a_first_attempt_goes_into_the_row() {
    BlockRow row = completed(1, 1, 0, BlockStatus.SUCCESS);
    assertThat(row.keepRunInRow(1, List.of(SUCCEEDED))).isTrue();
    assertThat(row.runInRow()).isSameAs(SUCCEEDED);
  }

  @Test
  void any_other_history_goes_to_runs() {
    assertThat(completed(2, 2, 0, BlockStatus.SUCCESS).keepRunInRow(2, List.of(SUCCEEDED))).as("a later attempt").isFalse();
    assertThat(completed(1, 2, 0, BlockStatus.SUCCESS).keepRunInRow(1, List.of(SUCCEEDED)))
        .as("run before (a replay, a lost lease)").isFalse();
    assertThat(completed(1, 1, 1, BlockStatus.SUCCESS).keepRunInRow(1, List.of(SUCCEEDED))).as("replayed").isFalse();
    assertThat(completed(1, 1, 0, BlockStatus.ERROR).keepRunInRow(1, List.of(new RunRecord(-1, 1, 2, "ERROR", null))))
        .as("failed").isFalse();
    assertThat(completed(1, 1, 0, BlockStatus.SUCCESS).keepRunInRow(1,
        List.of(new RunRecord(0, 1, 2, "SUCCESS", null), new RunRecord(1, 2, 3, "SUCCESS", null))))
        .as("dataset items").isFalse();
    assertThat(completed(1, 1, 0, BlockStatus.SUCCESS).keepRunInRow(1, List.of(new RunRecord(0, 1, 2, "SUCCESS", null))))
        .as("a dataset of one item").isFalse();
    BlockRow none = completed(2, 2, 0, BlockStatus.SUCCESS);
    none.keepRunInRow(2, List.of(SUCCEEDED));
    assertThat(none.runInRow()).isNull();
  }
}
