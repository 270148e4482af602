package io.blockline.node;

import io.blockline.handler.HandlerKinds;
import io.blockline.testsupport.Api;
import io.blockline.testsupport.SettableClock;
import io.blockline.testsupport.TestDatabase;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.blockline.testsupport.Api.blockOf;
import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Java-side times come from the clock a node is started with: a run's record is stamped by the
 * worker with that clock, so a test moves time instead of waiting for it.
 */
class NodeClockTest {
  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
  private static final SettableClock CLOCK = new SettableClock(START);
  private static TestServer node;
  private static Api api;

  @BeforeAll
  static void start() {
    node = TestServer.start(TestDatabase.fresh(), new JsonObject(), HandlerKinds.standard(), CLOCK);
    api = node.api();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void runs_are_stamped_with_the_node_clock_and_move_when_it_moves() {
    JsonObject first = runOf(api.awaitStatus(api.submit(session(noop("a"))).getString("token"), "SUCCESS"));
    assertThat(first.getString("startedAt")).isEqualTo("2030-01-01T00:00:00Z");
    assertThat(first.getString("finishedAt")).isEqualTo("2030-01-01T00:00:00Z");

    CLOCK.advance(Duration.ofHours(6));
    JsonObject later = runOf(api.awaitStatus(api.submit(session(noop("a"))).getString("token"), "SUCCESS"));

    assertThat(later.getString("startedAt")).isEqualTo("2030-01-01T06:00:00Z");
  }

  private static JsonObject runOf(JsonObject session) {
    return api.block(blockOf(session, "a").getString("token")).getJsonArray("runs").getJsonObject(0);
  }
}
