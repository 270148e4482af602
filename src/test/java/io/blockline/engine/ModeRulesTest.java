package io.blockline.engine;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.blockline.testsupport.Api.blockOf;
import static io.blockline.testsupport.Sessions.echo;
import static io.blockline.testsupport.Sessions.session;
import static io.blockline.testsupport.Sessions.sleep;
import static org.assertj.core.api.Assertions.assertThat;

/** DESIGN.md / issue 3: {@code parallel} mode and its limit, {@code pipeline} input and output. */
class ModeRulesTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass();
  static final Api api = node.api();

  @Test
  void parallel_mode_runs_blocks_side_by_side_up_to_max_parallel() {
    JsonObject body = session(sleep("s1", 300), sleep("s2", 300), sleep("s3", 300), sleep("s4", 300),
        sleep("s5", 300), sleep("s6", 300)).put("mode", "parallel").put("maxParallel", 2);
    JsonObject receipt = api.submit(body);

    AtomicInteger mostRunning = new AtomicInteger();
    JsonObject view = api.awaitSession(receipt.getString("token"), v -> {
      mostRunning.accumulateAndGet(count(v, "RUNNING"), Math::max);
      return "SUCCESS".equals(v.getString("status"));
    }, Duration.ofSeconds(20));

    assertThat(mostRunning.get()).as("most blocks seen RUNNING at once").isEqualTo(2);
    assertThat(mostOverlapping(view.getJsonArray("blocks"))).as("most block lifetimes overlapping").isEqualTo(2);
  }

  @Test
  void pipeline_feeds_each_block_the_previous_result_merged_with_its_params() {
    JsonObject body = session(
        echo("first", new JsonObject().put("a", 1)),
        echo("second", new JsonObject().put("b", 2)),
        echo("third", new JsonObject().put("a", 10).put("c", 3))).put("mode", "pipeline");
    JsonObject receipt = api.submit(body);

    JsonObject view = api.awaitStatus(receipt.getString("token"), "SUCCESS");

    assertThat(blockOf(view, "first").getJsonObject("result")).isEqualTo(new JsonObject().put("a", 1));
    assertThat(blockOf(view, "second").getJsonObject("result"))
        .isEqualTo(new JsonObject().put("a", 1).put("b", 2));
    JsonObject last = blockOf(view, "third").getJsonObject("result");
    assertThat(last).as("params win over the previous result")
        .isEqualTo(new JsonObject().put("a", 10).put("b", 2).put("c", 3));
    assertThat(view.getJsonObject("output")).as("the session output is the last block's result").isEqualTo(last);
    JsonArray blocks = view.getJsonArray("blocks");
    for (int i = 1; i < blocks.size(); i++) {
      assertThat(Instant.parse(blocks.getJsonObject(i).getString("startedAt")))
          .isAfterOrEqualTo(Instant.parse(blocks.getJsonObject(i - 1).getString("finishedAt")));
    }
  }

  private static int count(JsonObject view, String status) {
    int n = 0;
    for (Object b : view.getJsonArray("blocks")) {
      if (status.equals(((JsonObject) b).getString("status"))) {
        n++;
      }
    }
    return n;
  }

  /** The largest number of [startedAt, finishedAt) intervals that share an instant. */
  private static int mostOverlapping(JsonArray blocks) {
    List<long[]> edges = new ArrayList<>();
    for (Object o : blocks) {
      JsonObject b = (JsonObject) o;
      edges.add(new long[] {micros(b.getString("startedAt")), 1});
      edges.add(new long[] {micros(b.getString("finishedAt")), -1});
    }
    edges.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
    int open = 0;
    int most = 0;
    for (long[] edge : edges) {
      open += (int) edge[1];
      most = Math.max(most, open);
    }
    return most;
  }

  private static long micros(String time) {
    Instant t = Instant.parse(time);
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
  }
}
