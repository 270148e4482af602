package io.blockline.engine;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/** Volume: a 1,000-block session in one request, sequential and parallel, and the mock generator. */
class LargeSessionTest {
  private static final int BLOCKS = 1000;
  private static final Set<String> RESTING = Set.of("PAUSED", "SUCCESS", "ERROR", "BLOCKER", "CANCELLED");
  @RegisterExtension
  static final TestServer node = TestServer.perClass();
  static final Api api = node.api();

  @Test
  void a_sequential_session_of_1000_noop_blocks_runs_every_block_exactly_once() {
    String token = api.submit(thousandNoops("thousand-sequential")).getString("token");

    JsonObject view = awaitResting("thousand-sequential", token);

    assertEveryBlockSucceededOnce(token, view);
    assertBlocksRanInCreationOrder(token);
  }

  @Test
  void a_parallel_session_of_1000_noop_blocks_runs_every_block_exactly_once() {
    String token = api.submit(thousandNoops("thousand-parallel").put("mode", "parallel")).getString("token");

    JsonObject view = awaitResting("thousand-parallel", token);

    assertThat(view.getString("mode")).isEqualTo("parallel");
    assertEveryBlockSucceededOnce(token, view);
  }

  @Test
  void the_mock_generator_creates_sessions_that_all_finish() {
    Api.Response r = api.post("/v1/mock", new JsonObject().put("sessions", 3).put("blocks", 4).put("failRate", 0));

    assertThat(r.status()).as("body %s", r.body()).isEqualTo(201);
    JsonArray tokens = r.json().getJsonArray("sessions");
    assertThat(tokens).hasSize(3);
    for (Object t : tokens) {
      String token = (String) t;
      JsonObject view = api.awaitSession(token, v -> RESTING.contains(v.getString("status")), Duration.ofSeconds(30));
      assertThat(view.getString("finishedAt")).as("session %s finished", token).isNotNull();
      assertThat(view.getJsonArray("blocks")).hasSize(4);
      for (Object b : view.getJsonArray("blocks")) {
        assertThat(((JsonObject) b).getJsonObject("handler").getString("type")).isEqualTo("builtin");
      }
    }
  }

  /** Polls the cheap list entry (not the 1,000-block view) until the session rests, then reads the view once. */
  private static JsonObject awaitResting(String name, String token) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      JsonObject entry = api.get("/v1/sessions?name=" + name).json().getJsonArray("items").getJsonObject(0);
      assertThat(entry.getString("token")).isEqualTo(token);
      if (RESTING.contains(entry.getString("status"))) {
        return api.session(token);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("session " + token + " never came to rest; last entry: " + entry.encode());
      }
      Api.sleep(50);
    }
  }

  private static JsonObject thousandNoops(String name) {
    List<JsonObject> blocks = new ArrayList<>(BLOCKS);
    for (int i = 0; i < BLOCKS; i++) {
      blocks.add(noop("n" + i));
    }
    return session(blocks.toArray(JsonObject[]::new)).put("name", name);
  }

  private static void assertEveryBlockSucceededOnce(String token, JsonObject view) {
    assertThat(view.getString("status")).isEqualTo("SUCCESS");
    JsonArray blocks = view.getJsonArray("blocks");
    assertThat(blocks).hasSize(BLOCKS);
    for (int i = 0; i < BLOCKS; i++) {
      JsonObject block = blocks.getJsonObject(i);
      assertThat(block.getString("id")).isEqualTo("n" + i);
      assertThat(block.getString("status")).as("status of n%d", i).isEqualTo("SUCCESS");
      assertThat(block.getInteger("attempts")).as("attempts of n%d", i).isEqualTo(1);
    }
    String ofSession = " from block_runs r join blocks b on b.id = r.block_id join sessions s on s.id = b.session_id"
        + " where s.token = '" + token + "'";
    assertThat(node.queryOne("select count(*)" + ofSession)).as("runs of the session").isEqualTo(String.valueOf(BLOCKS));
    assertThat(node.queryOne("select count(distinct r.block_id)" + ofSession)).isEqualTo(String.valueOf(BLOCKS));
    assertThat(node.queryOne("select count(*)" + ofSession + " and r.status <> 'SUCCESS'")).isEqualTo("0");
    assertThat(node.queryOne("select count(*) from blocks b join sessions s on s.id = b.session_id"
        + " where s.token = '" + token + "' and b.executions <> 1")).isEqualTo("0");
  }

  /** Sequential: each block started only after the one before it finished. */
  private static void assertBlocksRanInCreationOrder(String token) {
    assertThat(node.queryOne("select count(*) from blocks b join blocks p on p.session_id = b.session_id and p.seq = b.seq - 1"
        + " join sessions s on s.id = b.session_id where s.token = '" + token + "' and b.started_at < p.finished_at"))
        .isEqualTo("0");
  }
}
