package io.blockline.node;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static io.blockline.testsupport.Api.blockOf;
import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/** Java-side times come from the clock a node is started with: the worker stamps runs with it. */
class NodeClockTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClassWithMovableClock(new JsonObject());
  static final Api api = node.api();

  @Test
  void runs_are_stamped_with_the_node_clock_and_move_when_it_moves() {
    node.clock().advance(Duration.ofDays(365));
    Instant yearAhead = Instant.now().plus(Duration.ofDays(364));

    JsonObject done = api.awaitStatus(api.submit(session(noop("a"))).getString("token"), "SUCCESS");
    JsonObject run = api.block(blockOf(done, "a").getString("token")).getJsonArray("runs").getJsonObject(0);

    assertThat(Instant.parse(run.getString("startedAt"))).isAfter(yearAhead);
    assertThat(Instant.parse(run.getString("finishedAt"))).isAfter(yearAhead);
  }
}
