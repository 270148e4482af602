package io.blockline.session;

import io.blockline.handler.HandlerKinds;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/** Which blocks a submit claims for itself, and how many slots it asks for. */
class SubmitClaimsTest {
  private final SubmissionParser parser = new SubmissionParser(60_000, HandlerKinds.standard());

  private PreparedSession prepare(JsonObject body) {
    return new PreparedSession(parser.parse(body));
  }

  private static boolean[] claimed(PreparedSession p) {
    return p.claimNow.clone();
  }

  @Test
  void a_sequential_session_offers_only_its_first_block_and_is_stored_running_once_claimed() {
    PreparedSession p = prepare(session(noop("a"), noop("b"), noop("c")));
    List<Integer> asked = new ArrayList<>();
    int granted = SubmitClaims.mark(List.of(p), n -> {
      asked.add(n);
      return n;
    });
    assertThat(asked).containsExactly(1);
    assertThat(granted).isEqualTo(1);
    assertThat(claimed(p)).containsExactly(true, false, false);
    assertThat(p.storedStatus()).isEqualTo(SessionStatus.RUNNING);
    assertThat(p.receipt().getString("status")).isEqualTo("RUNNING");
    assertThat(SubmitClaims.leftQueued(List.of(p))).isFalse();
  }

  @Test
  void no_free_slot_claims_nothing_and_leaves_the_released_blocks_queued() {
    PreparedSession p = prepare(session(noop("a"), noop("b")).put("mode", "parallel"));
    assertThat(SubmitClaims.mark(List.of(p), n -> 0)).isZero();
    assertThat(claimed(p)).containsExactly(false, false);
    assertThat(p.storedStatus()).isEqualTo(SessionStatus.STANDBY);
    assertThat(SubmitClaims.leftQueued(List.of(p))).isTrue();
  }

  @Test
  void fewer_slots_than_candidates_go_to_the_higher_priorities_first_then_in_submit_order() {
    PreparedSession low = prepare(session(noop("a").put("priority", 10), noop("b").put("priority", 10))
        .put("mode", "parallel"));
    PreparedSession high = prepare(session(noop("x").put("priority", 90), noop("y").put("priority", 50))
        .put("mode", "parallel"));
    int granted = SubmitClaims.mark(List.of(low, high), n -> 3);
    assertThat(granted).isEqualTo(3);
    assertThat(claimed(high)).containsExactly(true, true);
    assertThat(claimed(low)).containsExactly(true, false);
    assertThat(SubmitClaims.leftQueued(List.of(low, high))).isTrue();
  }

  @Test
  void delayed_blocks_and_sessions_that_do_not_start_now_are_never_offered() {
    PreparedSession delayed = prepare(session(noop("a").put("delayMs", 60_000)));
    PreparedSession onRequest = prepare(session(noop("a")).put("executionTime", "ON_REQUEST"));
    PreparedSession asap = prepare(session(noop("a")).put("executionTime", "ASAP"));
    List<Integer> asked = new ArrayList<>();
    assertThat(SubmitClaims.mark(List.of(delayed, onRequest, asap), n -> {
      asked.add(n);
      return n;
    })).isZero();
    assertThat(asked).as("nothing to ask for").isEmpty();
    assertThat(claimed(delayed)).containsExactly(false);
    // The delayed block is released (its timer runs in the database): the queue must hear of it.
    assertThat(SubmitClaims.leftQueued(List.of(delayed))).isTrue();
    assertThat(SubmitClaims.leftQueued(List.of(onRequest, asap))).isFalse();
  }
}
