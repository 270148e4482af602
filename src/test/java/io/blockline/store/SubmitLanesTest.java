package io.blockline.store;

import io.blockline.handler.HandlerKinds;
import io.blockline.session.PreparedSession;
import io.blockline.session.SubmissionParser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/** Which submitted sessions get a lane at once, and from which seq (V14 ranges from the submit). */
class SubmitLanesTest {
  private static final RangeClaims ON = new RangeClaims(true, List.of("command"));
  private final SubmissionParser parser = new SubmissionParser(60_000, HandlerKinds.standard());

  private PreparedSession parallel(JsonObject... blocks) {
    return new PreparedSession(parser.parse(session(blocks).put("mode", "parallel")));
  }

  /** A parallel session of n noop blocks, the last one given (to vary it). */
  private PreparedSession parallel(int n, JsonObject last) {
    JsonObject[] blocks = new JsonObject[n];
    for (int i = 0; i < n - 1; i++) {
      blocks[i] = noop("b" + i);
    }
    blocks[n - 1] = last;
    return parallel(blocks);
  }

  private PreparedSession parallel(int n) {
    return parallel(n, noop("last"));
  }

  @Test
  void a_plain_parallel_session_started_now_is_laned_from_its_first_block() {
    assertThat(SubmitLanes.laneFrom(parallel(40), ON)).isZero();
  }

  @Test
  void a_lane_holds_at_least_a_quarter_of_a_claim_or_the_blocks_are_released_one_by_one() {
    assertThat(SubmitLanes.laneFrom(parallel(SubmitLanes.MIN_BLOCKS), ON)).isZero();
    assertThat(SubmitLanes.laneFrom(parallel(SubmitLanes.MIN_BLOCKS - 1), ON)).isEqualTo(SubmitLanes.NONE);
    assertThat(SubmitLanes.laneFrom(parallel(1), ON)).isEqualTo(SubmitLanes.NONE);
  }

  @Test
  void the_lane_starts_after_the_blocks_the_submit_claims_itself() {
    PreparedSession p = parallel(SubmitLanes.MIN_BLOCKS + 2);
    p.claimNow[0] = true;
    p.claimNow[1] = true;
    assertThat(SubmitLanes.laneFrom(p, ON)).isEqualTo(2);
    p.claimNow[2] = true;
    assertThat(SubmitLanes.laneFrom(p, ON)).as("too few blocks left for a lane").isEqualTo(SubmitLanes.NONE);
  }

  @Test
  void no_lane_when_the_submit_claims_every_block_or_claims_out_of_seq_order() {
    PreparedSession all = parallel(SubmitLanes.MIN_BLOCKS);
    java.util.Arrays.fill(all.claimNow, true);
    assertThat(SubmitLanes.laneFrom(all, ON)).isEqualTo(SubmitLanes.NONE);

    PreparedSession hole = parallel(SubmitLanes.MIN_BLOCKS + 2);
    hole.claimNow[1] = true;
    assertThat(SubmitLanes.laneFrom(hole, ON)).isEqualTo(SubmitLanes.NONE);
  }

  @Test
  void no_lane_with_ranges_off() {
    assertThat(SubmitLanes.laneFrom(parallel(40), RangeClaims.OFF)).isEqualTo(SubmitLanes.NONE);
  }

  @Test
  void sessions_a_range_could_not_hold_go_block_by_block() {
    JsonObject plain = session(blocks(40));
    PreparedSession sequential = new PreparedSession(parser.parse(plain.copy().put("mode", "sequential")));
    PreparedSession capped = new PreparedSession(parser.parse(plain.copy().put("mode", "parallel").put("maxParallel", 1)));
    PreparedSession onRequest = new PreparedSession(parser.parse(plain.copy().put("mode", "parallel")
        .put("executionTime", "ON_REQUEST")));
    PreparedSession delayed = parallel(40, noop("last").put("delayMs", 50));
    PreparedSession requiring = parallel(40, noop("last").put("require", new JsonArray().add("b0")));
    PreparedSession blocker = parallel(40, noop("last").put("blocker", true));
    PreparedSession interrupt = parallel(40, noop("last").put("interrupt", true));
    PreparedSession priorities = parallel(40, noop("last").put("priority", 20));

    for (PreparedSession p : List.of(sequential, capped, onRequest, delayed, requiring, blocker, interrupt, priorities)) {
      assertThat(SubmitLanes.laneFrom(p, ON)).as(p.submission.toString()).isEqualTo(SubmitLanes.NONE);
    }
  }

  @Test
  void a_handler_type_never_claimed_by_ranges_keeps_its_session_block_by_block() {
    RangeClaims noBuiltins = new RangeClaims(true, List.of("builtin"));
    assertThat(SubmitLanes.laneFrom(parallel(40), noBuiltins)).isEqualTo(SubmitLanes.NONE);
  }

  private static JsonObject[] blocks(int n) {
    JsonObject[] blocks = new JsonObject[n];
    for (int i = 0; i < n; i++) {
      blocks[i] = noop("b" + i);
    }
    return blocks;
  }
}
