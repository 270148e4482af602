package io.blockline.engine;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.blockline.testsupport.Api.blockOf;
import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static io.blockline.testsupport.Sessions.sleep;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 3: priority across sessions under a saturated worker (one slot), and the four execution
 * times. The test config runs the live loop every 100 ms and the LATER sweep every 500 ms.
 */
class PriorityAndExecutionTimeTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass(new JsonObject().put("workers.concurrency", 1));
  static final Api api = node.api();

  @Test
  void higher_priority_sessions_start_first_and_equal_priorities_in_submit_order() {
    String busy = api.submit(session(sleep("occupy", 800))).getString("token");
    api.awaitSession(busy, v -> "RUNNING".equals(blockOf(v, "occupy").getString("status")),
        Duration.ofSeconds(10));

    Map<String, String> tokens = new LinkedHashMap<>();
    for (String name : new String[] {"p10", "p90", "p50", "p50-later"}) {
      int priority = Integer.parseInt(name.substring(1, 3));
      tokens.put(name, api.submit(session(noop("work")).put("name", name).put("priority", priority)).getString("token"));
    }
    assertThat(api.session(busy).getString("status")).as("the only slot was still taken while submitting")
        .isEqualTo("RUNNING");

    List<Map.Entry<String, Instant>> started = new ArrayList<>();
    tokens.forEach((name, token) -> {
      JsonObject view = api.awaitStatus(token, "SUCCESS");
      started.add(Map.entry(name, Instant.parse(blockOf(view, "work").getString("startedAt"))));
    });
    started.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
    assertThat(started.stream().map(Map.Entry::getKey).toList()).containsExactly("p90", "p50", "p50-later", "p10");
    JsonObject occupy = blockOf(api.awaitStatus(busy, "SUCCESS"), "occupy");
    Instant slotFreed = Instant.parse(api.block(occupy.getString("token")).getJsonArray("runs").getJsonObject(0)
        .getString("finishedAt"));
    assertThat(started.get(0).getValue()).as("the first waiting session started once the only slot was free")
        .isAfterOrEqualTo(slotFreed);
  }

  @Test
  void a_higher_priority_session_submitted_while_a_backlog_drains_starts_next() {
    // One slot: each claim takes one block and comes back full, so the next resumes after it
    // (ClaimCursor). The urgent block sorts before that place: the submit's wake-up must send the
    // next claim to the head, not leave it to the periodic head scan (200 ms, ten blocks here).
    JsonObject[] blocks = java.util.stream.IntStream.range(0, 60).mapToObj(i -> sleep("b" + i, 20))
        .toArray(JsonObject[]::new);
    String backlog = api.submit(session(blocks).put("mode", "parallel").put("priority", 10)).getString("token");
    api.awaitSession(backlog, v -> countStatus(v, "SUCCESS") >= 10, Duration.ofSeconds(20));

    String urgent = api.submit(session(noop("urgent")).put("priority", 90)).getString("token");
    Instant submitted = Instant.parse(api.session(urgent).getString("createdAt"));
    Instant urgentStarted = Instant.parse(blockOf(api.awaitStatus(urgent, "SUCCESS"), "urgent").getString("startedAt"));

    JsonObject drained = api.awaitStatus(backlog, "SUCCESS");
    long ahead = drained.getJsonArray("blocks").stream().map(b -> Instant.parse(((JsonObject) b).getString("startedAt")))
        .filter(t -> t.isAfter(submitted) && t.isBefore(urgentStarted)).count();
    assertThat(ahead).as("backlog blocks started between the urgent submit and its start").isLessThanOrEqualTo(1);
  }

  private static long countStatus(JsonObject view, String status) {
    return view.getJsonArray("blocks").stream().filter(b -> status.equals(((JsonObject) b).getString("status"))).count();
  }

  @Test
  void now_starts_the_session_at_submit() {
    JsonObject receipt = api.submit(session(noop("work")).put("executionTime", "NOW"));

    JsonObject view = api.awaitStatus(receipt.getString("token"), "SUCCESS");

    assertThat(view.getString("executionTime")).isEqualTo("NOW");
    assertThat(view.getString("startedAt")).as("started in the submit transaction").isEqualTo(view.getString("createdAt"));
  }

  @Test
  void asap_starts_on_the_next_live_tick() {
    JsonObject receipt = api.submit(session(noop("work")).put("executionTime", "ASAP"));

    JsonObject view = api.awaitStatus(receipt.getString("token"), "SUCCESS");

    assertThat(view.getString("executionTime")).isEqualTo("ASAP");
    assertThat(Instant.parse(view.getString("startedAt"))).as("started by the loop, after the submit")
        .isAfter(Instant.parse(view.getString("createdAt")));
  }

  @Test
  void later_starts_on_the_periodic_sweep() {
    JsonObject receipt = api.submit(session(noop("work")).put("executionTime", "LATER"));

    JsonObject view = api.awaitStatus(receipt.getString("token"), "SUCCESS");

    assertThat(view.getString("executionTime")).isEqualTo("LATER");
    assertThat(Instant.parse(view.getString("startedAt"))).as("started by the sweep, after the submit")
        .isAfter(Instant.parse(view.getString("createdAt")));
  }

  @Test
  void on_request_waits_for_a_run_call_and_a_second_run_is_409() {
    String onRequest = api.submit(session(noop("work")).put("executionTime", "ON_REQUEST")).getString("token");
    String later = api.submit(session(noop("work")).put("executionTime", "LATER")).getString("token");
    String asap = api.submit(session(noop("work")).put("executionTime", "ASAP")).getString("token");
    api.awaitStatus(asap, "SUCCESS");
    api.awaitStatus(later, "SUCCESS");

    JsonObject idle = api.session(onRequest);
    assertThat(idle.getString("status")).as("both loops passed it by").isEqualTo("STANDBY");
    assertThat(idle.getString("startedAt")).isNull();
    assertThat(blockOf(idle, "work").getString("status")).isEqualTo("STANDBY");
    assertThat(blockOf(idle, "work").getString("nextRunAt")).isNull();

    Api.Response run = api.post("/v1/sessions/" + onRequest + "/run", null);
    assertThat(run.status()).isEqualTo(200);
    JsonObject done = api.awaitStatus(onRequest, "SUCCESS");
    assertThat(done.getString("startedAt")).isNotNull();

    Api.Response again = api.post("/v1/sessions/" + onRequest + "/run", null);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(again.json().getInteger("status")).isEqualTo(409);
  }
}
