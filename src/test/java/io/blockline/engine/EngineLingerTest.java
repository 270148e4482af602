package io.blockline.engine;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.blockline.testsupport.Api.blockOf;
import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dispatcher.engineLingerMs}: under steady load the engine's next transaction waits for
 * more state changes; a node with one caller never waits. The linger here is long (2 s), so a
 * wait where none belongs shows in the counter, and a wait that never ended would stall the burst.
 * The lease is longer than the linger: an outcome waiting in the engine's queue is no longer
 * renewed, so a 2 s linger under the suite's 2 s lease let the rescuer take finished blocks.
 */
class EngineLingerTest {
  private static final String LINGERS = "blockline_engine_lingers_total";

  @RegisterExtension
  static final TestServer node = TestServer.perClass(new JsonObject()
      .put("dispatcher.engineLingerMs", 2_000).put("dispatcher.leaseMs", 10_000));
  static final Api api = node.api();

  @Test
  void a_lone_sequential_session_never_waits_each_step_commits_at_once() {
    double before = api.metric(LINGERS);
    JsonObject receipt = api.submit(session(noop("a"), noop("b"), noop("c"), noop("d"), noop("e"), noop("f")));

    api.awaitStatus(receipt.getString("token"), "SUCCESS");

    assertThat(api.metric(LINGERS) - before).as("transactions that waited for more").isZero();
  }

  @Test
  void three_sequential_sessions_at_once_never_wait_their_transactions_hold_three_changes_at_most() {
    double before = api.metric(LINGERS);
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      tokens.add(api.submit(session(noop("a"), noop("b"), noop("c"), noop("d"), noop("e"), noop("f"), noop("g"),
          noop("h"))).getString("token"));
    }
    tokens.forEach(token -> api.awaitStatus(token, "SUCCESS"));

    assertThat(api.metric(LINGERS) - before).as("transactions that waited for more").isZero();
  }

  @Test
  void a_burst_of_concurrent_sessions_all_finish_each_block_once() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(16);
    try {
      List<Future<String>> submitted = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        submitted.add(callers.submit(() -> api.submit(session(noop("only"))).getString("token")));
      }
      for (Future<String> token : submitted) {
        JsonObject done = api.awaitStatus(token.get(), "SUCCESS");
        JsonObject block = api.block(blockOf(done, "only").getString("token"));
        assertThat(block.getInteger("attempts")).isEqualTo(1);
        assertThat(block.getJsonArray("runs")).hasSize(1);
      }
    } finally {
      callers.shutdownNow();
    }
  }
}
