package io.blockline.session;

import io.blockline.block.BlockRow;
import io.blockline.block.BlockStatus;
import io.blockline.block.Transition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.blockline.block.BlockStatus.BLOCKER;
import static io.blockline.block.BlockStatus.CANCELLED;
import static io.blockline.block.BlockStatus.ERROR;
import static io.blockline.block.BlockStatus.RUNNING;
import static io.blockline.block.BlockStatus.SKIPPED;
import static io.blockline.block.BlockStatus.STANDBY;
import static io.blockline.block.BlockStatus.SUCCESS;
import static io.blockline.block.BlockStatus.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

class SessionPlannerTest {

  // --- fixtures -------------------------------------------------------------------------------

  private final List<BlockRow> blocks = new ArrayList<>();

  /** Adds a block at the next seq; {@code released} only matters for STANDBY. */
  private BlockRow add(String key, BlockStatus status, boolean released, boolean blocker, String... requires) {
    int seq = blocks.size();
    UUID lease = status == RUNNING ? UUID.randomUUID() : null;
    BlockRow row = new BlockRow(seq + 1, "tok-" + key, 1, seq, key, List.of(requires), blocker, false, null, false,
        status, released, status == STANDBY && !released ? 0 : 1, 0, lease, null);
    blocks.add(row);
    return row;
  }

  private BlockRow waiting(String key, String... requires) {
    return add(key, STANDBY, false, false, requires);
  }

  private BlockRow releasedStandby(String key, String... requires) {
    return add(key, STANDBY, true, false, requires);
  }

  private BlockRow in(String key, BlockStatus status, String... requires) {
    return add(key, status, false, false, requires);
  }

  private static SessionRow session(SessionMode mode, Integer maxParallel, boolean started) {
    return new SessionRow(1, "s-token", "alice", mode, maxParallel, SessionStatus.STANDBY, started, false, null, false,
        new Tally(0, 0, 0, 0, 0, 0), 0, false);
  }

  private static SessionRow sequential() {
    return session(SessionMode.SEQUENTIAL, null, true);
  }

  private static SessionRow parallel(Integer maxParallel) {
    return session(SessionMode.PARALLEL, maxParallel, true);
  }

  private List<String> released() {
    return blocks.stream().filter(b -> b.due() == BlockRow.Due.RELEASE).map(b -> b.key).toList();
  }

  private List<String> active() {
    return blocks.stream().filter(BlockRow::active).map(b -> b.key).toList();
  }

  // --- sequential -----------------------------------------------------------------------------

  @Test
  void a_fresh_started_sequential_session_releases_only_its_first_block() {
    waiting("a");
    waiting("b");
    waiting("c");
    SessionStatus status = SessionPlanner.plan(sequential(), blocks);
    assertThat(released()).containsExactly("a");
    assertThat(blocks.get(0).released()).isTrue();
    assertThat(blocks.get(1).dirty()).isFalse();
    assertThat(status).isEqualTo(SessionStatus.STANDBY);
  }

  @Test
  void sequential_releases_nothing_while_a_block_runs() {
    in("a", RUNNING);
    waiting("b");
    assertThat(SessionPlanner.plan(sequential(), blocks)).isEqualTo(SessionStatus.RUNNING);
    assertThat(released()).isEmpty();
  }

  @Test
  void sequential_releases_nothing_while_a_block_waits_for_its_retry_or_delay() {
    releasedStandby("a");
    waiting("b");
    assertThat(SessionPlanner.plan(sequential(), blocks)).isEqualTo(SessionStatus.STANDBY);
    assertThat(released()).isEmpty();
    assertThat(blocks.get(0).dirty()).as("an already released block is left alone").isFalse();
  }

  @Test
  void sequential_releases_the_next_block_in_seq_order_once_the_previous_succeeded() {
    in("a", SUCCESS);
    in("b", SUCCESS);
    waiting("c");
    waiting("d");
    SessionPlanner.plan(sequential(), blocks);
    assertThat(released()).containsExactly("c");
  }

  @Test
  void sequential_goes_on_after_a_block_that_is_not_a_blocker_failed() {
    in("a", ERROR);
    in("b", TIMEOUT);
    in("c", CANCELLED);
    waiting("d");
    waiting("e");
    SessionStatus status = SessionPlanner.plan(sequential(), blocks);
    assertThat(released()).containsExactly("d");
    assertThat(status).isEqualTo(SessionStatus.STANDBY);
  }

  @Test
  void a_failed_blocker_stops_every_later_block_in_sequential_mode() {
    in("a", SUCCESS);
    add("gate", BLOCKER, false, true);
    waiting("c");
    waiting("d");
    SessionStatus status = SessionPlanner.plan(sequential(), blocks);
    assertThat(released()).isEmpty();
    assertThat(blocks.get(2).status()).isEqualTo(STANDBY);
    assertThat(status).isEqualTo(SessionStatus.BLOCKER);
  }

  @Test
  void pipeline_mode_releases_one_block_at_a_time_like_sequential() {
    waiting("a");
    waiting("b");
    SessionPlanner.plan(session(SessionMode.PIPELINE, null, true), blocks);
    assertThat(released()).containsExactly("a");
  }

  @Test
  void a_session_whose_blocks_all_succeeded_is_success() {
    in("a", SUCCESS);
    in("b", SUCCESS);
    assertThat(SessionPlanner.plan(sequential(), blocks)).isEqualTo(SessionStatus.SUCCESS);
  }

  @Test
  void a_session_whose_blocks_all_ended_with_a_failure_among_them_is_error() {
    in("a", SUCCESS);
    in("b", ERROR);
    in("c", SUCCESS);
    assertThat(SessionPlanner.plan(sequential(), blocks)).isEqualTo(SessionStatus.ERROR);
  }

  // --- sessions that must not move -----------------------------------------------------------

  @Test
  void a_session_not_started_releases_nothing() {
    waiting("a");
    waiting("b");
    SessionStatus status = SessionPlanner.plan(session(SessionMode.SEQUENTIAL, null, false), blocks);
    assertThat(released()).isEmpty();
    assertThat(status).isEqualTo(SessionStatus.STANDBY);
  }

  @Test
  void a_parallel_session_not_started_releases_nothing() {
    waiting("a");
    waiting("b");
    SessionPlanner.plan(session(SessionMode.PARALLEL, null, false), blocks);
    assertThat(released()).isEmpty();
  }

  @Test
  void a_fresh_session_from_a_submission_releases_only_when_started() {
    Submission submission = new Submission(null, "alice", ExecutionTime.ON_REQUEST, 50, SessionMode.SEQUENTIAL, null,
        null, null, List.of());
    waiting("a");
    SessionPlanner.plan(SessionRow.fresh(submission, false), blocks);
    assertThat(released()).isEmpty();
    SessionPlanner.plan(SessionRow.fresh(submission, true), blocks);
    assertThat(released()).containsExactly("a");
  }

  @Test
  void a_paused_session_releases_nothing_and_is_paused() {
    BlockRow interrupting = in("a", SUCCESS);
    waiting("b");
    SessionRow session = sequential();
    session.pauseOn(interrupting.id);
    SessionStatus status = SessionPlanner.plan(session, blocks);
    assertThat(released()).isEmpty();
    assertThat(status).isEqualTo(SessionStatus.PAUSED);
  }

  @Test
  void a_paused_parallel_session_releases_nothing() {
    BlockRow interrupting = in("a", SUCCESS);
    waiting("b");
    waiting("c");
    SessionRow session = parallel(null);
    session.pauseOn(interrupting.id);
    SessionPlanner.plan(session, blocks);
    assertThat(released()).isEmpty();
  }

  @Test
  void proceeding_a_paused_session_releases_the_next_block() {
    BlockRow interrupting = in("a", SUCCESS);
    waiting("b");
    SessionRow session = sequential();
    session.pauseOn(interrupting.id);
    SessionPlanner.plan(session, blocks);
    session.proceed();
    SessionStatus status = SessionPlanner.plan(session, blocks);
    assertThat(released()).containsExactly("b");
    assertThat(status).isEqualTo(SessionStatus.STANDBY);
  }

  @Test
  void a_cancelled_session_releases_nothing_and_is_cancelled() {
    waiting("a");
    waiting("b");
    SessionRow session = sequential();
    session.cancel();
    SessionStatus status = SessionPlanner.plan(session, blocks);
    assertThat(released()).isEmpty();
    assertThat(status).isEqualTo(SessionStatus.CANCELLED);
  }

  @Test
  void a_cancelled_parallel_session_releases_nothing() {
    waiting("a");
    waiting("b");
    SessionRow session = parallel(null);
    session.cancel();
    SessionPlanner.plan(session, blocks);
    assertThat(released()).isEmpty();
  }

  // --- parallel -------------------------------------------------------------------------------

  @Test
  void parallel_without_a_limit_releases_every_waiting_block() {
    waiting("a");
    waiting("b");
    waiting("c");
    SessionPlanner.plan(parallel(null), blocks);
    assertThat(released()).containsExactly("a", "b", "c");
  }

  @Test
  void parallel_releases_up_to_max_parallel_in_seq_order() {
    for (String key : List.of("a", "b", "c", "d", "e")) {
      waiting(key);
    }
    SessionPlanner.plan(parallel(2), blocks);
    assertThat(released()).containsExactly("a", "b");
  }

  @Test
  void parallel_counts_running_and_released_blocks_against_max_parallel() {
    in("a", RUNNING);
    releasedStandby("b");
    waiting("c");
    waiting("d");
    waiting("e");
    SessionPlanner.plan(parallel(3), blocks);
    assertThat(released()).containsExactly("c");
    assertThat(active()).containsExactly("a", "b", "c");
  }

  @Test
  void parallel_releases_nothing_when_max_parallel_is_reached() {
    in("a", RUNNING);
    in("b", RUNNING);
    waiting("c");
    SessionStatus status = SessionPlanner.plan(parallel(2), blocks);
    assertThat(released()).isEmpty();
    assertThat(status).isEqualTo(SessionStatus.RUNNING);
  }

  @Test
  void parallel_fills_freed_slots_after_blocks_finish() {
    in("a", SUCCESS);
    in("b", ERROR);
    in("c", RUNNING);
    waiting("d");
    waiting("e");
    waiting("f");
    SessionPlanner.plan(parallel(3), blocks);
    assertThat(released()).containsExactly("d", "e");
  }

  @Test
  void parallel_skips_over_a_block_whose_requirement_still_runs() {
    in("a", RUNNING);
    waiting("b", "a");
    waiting("c");
    SessionPlanner.plan(parallel(2), blocks);
    assertThat(released()).containsExactly("c");
    assertThat(blocks.get(1).status()).isEqualTo(STANDBY);
  }

  @Test
  void a_failed_blocker_stops_the_blocks_after_it_in_parallel_mode() {
    waiting("a");
    add("gate", BLOCKER, false, true);
    waiting("c");
    SessionStatus status = SessionPlanner.plan(parallel(null), blocks);
    assertThat(released()).containsExactly("a");
    assertThat(status).isEqualTo(SessionStatus.BLOCKER);
  }

  // --- require: wait, skip, re-arm ------------------------------------------------------------

  @Test
  void a_dependent_waits_while_its_requirement_runs() {
    in("a", RUNNING);
    waiting("b", "a");
    SessionPlanner.plan(parallel(null), blocks);
    assertThat(blocks.get(1).status()).isEqualTo(STANDBY);
    assertThat(blocks.get(1).released()).isFalse();
  }

  @Test
  void a_dependent_waits_while_its_requirement_waits_for_a_retry() {
    releasedStandby("a");
    waiting("b", "a");
    SessionPlanner.plan(parallel(null), blocks);
    assertThat(blocks.get(1).status()).isEqualTo(STANDBY);
    assertThat(released()).isEmpty();
  }

  @Test
  void a_dependent_waits_while_its_requirement_has_not_started() {
    waiting("a");
    waiting("b", "a");
    SessionPlanner.plan(parallel(null), blocks);
    assertThat(released()).containsExactly("a");
    assertThat(blocks.get(1).status()).isEqualTo(STANDBY);
    assertThat(blocks.get(1).released()).isFalse();
  }

  @Test
  void a_dependent_is_released_once_every_requirement_succeeded() {
    in("a", SUCCESS);
    in("b", SUCCESS);
    waiting("c", "a", "b");
    SessionPlanner.plan(parallel(null), blocks);
    assertThat(released()).containsExactly("c");
  }

  @Test
  void a_dependent_of_a_block_that_failed_for_good_is_skipped_with_the_reason() {
    in("a", ERROR);
    waiting("b", "a");
    waiting("c");
    SessionStatus status = SessionPlanner.plan(sequential(), blocks);
    BlockRow b = blocks.get(1);
    assertThat(b.status()).isEqualTo(SKIPPED);
    assertThat(b.reason()).contains("a").contains("ERROR");
    assertThat(b.dirty()).isTrue();
    assertThat(released()).containsExactly("c");
    assertThat(status).isEqualTo(SessionStatus.STANDBY);
  }

  @Test
  void a_dependent_of_a_timed_out_blocker_or_cancelled_block_is_skipped() {
    in("t", TIMEOUT);
    add("g", BLOCKER, false, true);
    in("c", CANCELLED);
    waiting("on-t", "t");
    waiting("on-g", "g");
    waiting("on-c", "c");
    SessionPlanner.plan(parallel(null), blocks);
    assertThat(blocks.subList(3, 6)).extracting(BlockRow::status).containsOnly(SKIPPED);
    assertThat(blocks.get(3).reason()).contains("TIMEOUT");
    assertThat(blocks.get(4).reason()).contains("BLOCKER");
    assertThat(blocks.get(5).reason()).contains("CANCELLED");
  }

  @Test
  void skipping_follows_a_chain_of_requirements_in_one_plan() {
    in("a", ERROR);
    waiting("b", "a");
    waiting("c", "b");
    waiting("d", "c");
    SessionStatus status = SessionPlanner.plan(sequential(), blocks);
    assertThat(blocks.subList(1, 4)).extracting(BlockRow::status).containsOnly(SKIPPED);
    assertThat(blocks.get(2).reason()).contains("b").contains("SKIPPED");
    assertThat(status).isEqualTo(SessionStatus.ERROR);
  }

  @Test
  void requirements_match_ids_case_insensitively() {
    in("Fetch", ERROR);
    waiting("b", "fetch");
    SessionPlanner.plan(sequential(), blocks);
    assertThat(blocks.get(1).status()).isEqualTo(SKIPPED);
  }

  @Test
  void replaying_a_required_block_re_arms_its_skipped_chain() {
    BlockRow a = in("a", ERROR);
    waiting("b", "a");
    waiting("c", "b");
    SessionPlanner.plan(sequential(), blocks);
    assertThat(blocks.get(2).status()).isEqualTo(SKIPPED);

    a.replay();
    SessionStatus status = SessionPlanner.plan(sequential(), blocks);
    assertThat(blocks.subList(1, 3)).extracting(BlockRow::status).containsOnly(STANDBY);
    assertThat(blocks.subList(1, 3)).extracting(BlockRow::reason).containsOnlyNulls();
    assertThat(blocks.subList(1, 3)).extracting(BlockRow::released).containsOnly(false);
    assertThat(status).isEqualTo(SessionStatus.STANDBY);
  }

  @Test
  void a_re_armed_dependent_is_released_when_its_requirement_now_succeeded() {
    in("a", SUCCESS);
    BlockRow b = in("b", SKIPPED, "a");
    SessionPlanner.plan(sequential(), blocks);
    assertThat(b.status()).isEqualTo(STANDBY);
    assertThat(b.released()).isTrue();
  }

  @Test
  void a_skipped_block_stays_skipped_while_its_requirement_is_still_failed() {
    in("a", ERROR);
    BlockRow b = in("b", SKIPPED, "a");
    SessionPlanner.plan(sequential(), blocks);
    assertThat(b.status()).isEqualTo(SKIPPED);
    assertThat(b.dirty()).isFalse();
  }

  @Test
  void replaying_a_failed_blocker_lets_the_session_go_on_after_it_succeeds() {
    BlockRow gate = add("gate", BLOCKER, false, true);
    waiting("b");
    assertThat(SessionPlanner.plan(sequential(), blocks)).isEqualTo(SessionStatus.BLOCKER);

    gate.replay();
    assertThat(SessionPlanner.plan(sequential(), blocks)).isEqualTo(SessionStatus.STANDBY);
    assertThat(released()).isEmpty();

    gate.claimDirectly(UUID.randomUUID());  // a replayed block runs before its outcome applies
    gate.apply(new Transition.Decision(SUCCESS, null, new io.vertx.core.json.JsonObject(), null));
    SessionPlanner.plan(sequential(), blocks);
    assertThat(released()).containsExactly("b");
  }
}
