package io.blockline.client;

import io.blockline.api.ProblemException;
import io.blockline.session.ExecutionTime;
import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The typed Java client: its fluent builder writes the submit body of API.md and runs sessions
 * to SUCCESS; await, proceed, cancel, replay, cancelBlock and events work through it.
 */
class ClientTest {
  static TestServer node;
  static Vertx vertx;
  static BlocklineClient client;

  @BeforeAll
  static void start() throws Exception {
    node = TestServer.start();
    vertx = node.server().vertx();
    client = Blockline.client(vertx);
    await(BlockHandlers.register(vertx, "client.double",
        ctx -> Future.succeededFuture(new JsonObject().put("n", ctx.params().getInteger("n", 0) * 2))).completion());
    await(BlockHandlers.register(vertx, "client.sum", ctx -> {
      int sum = ctx.results().stream().mapToInt(e -> ((JsonObject) e.getValue()).getInteger("n", 0)).sum();
      return Future.succeededFuture(new JsonObject().put("sum", sum).put("item", ctx.item()).put("input", ctx.input()));
    }).completion());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void the_fluent_builder_writes_the_submit_body_of_the_api() {
    SessionBuilder s = client.session("resize album").priority(70).parallel(2).callbackAddress("app.done")
        .owner("alice").metadata(new JsonObject().put("any", "json"));
    s.block("images.fetch").id("fetch").name("download").params(new JsonObject().put("album", 42)).replayable()
        .timeoutMs(5000).priority(80);
    s.builtin("echo").id("resize").require("fetch").dataset(new JsonArray().add(1).add(2))
        .retry(5, 1000, 2.0).delayMs(10);
    s.http("PUT", "https://example.com/notify").id("notify").require("fetch", "resize").blocker().interrupt();

    JsonObject expected = new JsonObject()
        .put("name", "resize album").put("priority", 70).put("mode", "parallel").put("maxParallel", 2)
        .put("callback", new JsonObject().put("address", "app.done"))
        .put("owner", "alice").put("metadata", new JsonObject().put("any", "json"))
        .put("blocks", new JsonArray()
            .add(new JsonObject().put("handler", new JsonObject().put("type", "eventbus").put("address", "images.fetch"))
                .put("id", "fetch").put("name", "download").put("params", new JsonObject().put("album", 42))
                .put("replayable", true).put("timeoutMs", 5000L).put("priority", 80))
            .add(new JsonObject().put("handler", new JsonObject().put("type", "builtin").put("name", "echo"))
                .put("id", "resize").put("require", new JsonArray().add("fetch")).put("dataset", new JsonArray().add(1).add(2))
                .put("retry", new JsonObject().put("maxAttempts", 5).put("initialDelayMs", 1000L).put("multiplier", 2.0))
                .put("delayMs", 10L))
            .add(new JsonObject().put("handler", new JsonObject().put("type", "http").put("method", "PUT")
                    .put("url", "https://example.com/notify"))
                .put("id", "notify").put("require", new JsonArray().add("fetch").add("resize"))
                .put("blocker", true).put("interrupt", true)));
    assertThat(s.toJson()).isEqualTo(expected);

    JsonObject pipeline = client.session("p").pipeline().callbackUrl("https://example.com/cb").toJson();
    assertThat(pipeline.getString("mode")).isEqualTo("pipeline");
    assertThat(pipeline.getJsonObject("callback")).isEqualTo(new JsonObject().put("url", "https://example.com/cb"));

    // The server accepts the body as written (held ON_REQUEST, then cancelled, so nothing runs).
    SessionRef ref = await(s.submit(ExecutionTime.ON_REQUEST));
    assertThat(ref.blockTokens().keySet()).containsExactlyInAnyOrder("fetch", "resize", "notify");
    JsonObject view = await(client.get(ref.token()));
    assertThat(view.getString("executionTime")).isEqualTo("ON_REQUEST");
    assertThat(view.getString("mode")).isEqualTo("parallel");
    assertThat(view.getInteger("priority")).isEqualTo(70);
    assertThat(await(client.cancel(ref.token())).getString("status")).isEqualTo("CANCELLED");
  }

  @Test
  void a_fluent_parallel_session_runs_to_success_with_results_by_id() {
    var s = client.session("sum").priority(60).parallel(2);
    s.block("client.double").id("two").params(new JsonObject().put("n", 1));
    s.block("client.double").id("six").params(new JsonObject().put("n", 3));
    s.block("client.sum").id("sum").require("two", "six").dataset(List.of("x"));

    SessionRef ref = await(s.submit(ExecutionTime.NOW));
    JsonObject view = await(client.await(ref.token(), Duration.ofSeconds(30)));

    assertThat(view.getString("status")).isEqualTo("SUCCESS");
    assertThat(Api.blockOf(view, "six").getJsonObject("result")).isEqualTo(new JsonObject().put("n", 6));
    JsonObject sum = Api.blockOf(view, "sum").getJsonObject("result").getJsonArray("items").getJsonObject(0);
    assertThat(sum.getInteger("sum")).isEqualTo(8);
    assertThat(sum.getString("item")).isEqualTo("x");
    assertThat(Api.blockOf(view, "sum").getString("token")).isEqualTo(ref.block("sum"));
    assertThat(await(client.await(ref.token(), Duration.ofSeconds(5))))
        .as("await on a session already at rest answers at once").isEqualTo(await(client.get(ref.token())));
  }

  @Test
  void a_fluent_pipeline_session_passes_each_result_on_as_input() {
    var s = client.session("pipe").pipeline();
    s.block("client.double").id("double").params(new JsonObject().put("n", 5));
    s.block("client.sum").id("sum").params(new JsonObject().put("extra", true));

    SessionRef ref = await(s.submit());
    JsonObject view = await(client.await(ref.token(), Duration.ofSeconds(30)));

    assertThat(view.getString("status")).isEqualTo("SUCCESS");
    assertThat(Api.blockOf(view, "sum").getJsonObject("result").getJsonObject("input"))
        .isEqualTo(new JsonObject().put("n", 10).put("extra", true));
  }

  @Test
  void await_returns_on_pause_and_proceed_lets_the_session_finish() {
    var s = client.session("ask");
    s.builtin("echo").id("ask").params(new JsonObject().put("q", 1)).interrupt();
    s.builtin("echo").id("after").params(new JsonObject().put("a", 2));
    SessionRef ref = await(s.submit());

    JsonObject paused = await(client.await(ref.token(), Duration.ofSeconds(30)));
    assertThat(paused.getString("status")).isEqualTo("PAUSED");
    assertThat(Api.blockOf(paused, "after").getString("status")).isEqualTo("STANDBY");

    JsonObject proceeded = await(client.proceed(ref.token(), new JsonObject().put("ok", true)));
    assertThat(proceeded.getString("token")).isEqualTo(ref.token());
    JsonObject done = awaitStatus(ref.token(), "SUCCESS");
    assertThat(Api.blockOf(done, "after").getString("status")).isEqualTo("SUCCESS");
  }

  @Test
  void await_fails_with_a_timeout_exception_when_the_session_does_not_rest_in_time() {
    var s = client.session("slow");
    s.builtin("sleep").id("slow").params(new JsonObject().put("ms", 10_000));
    SessionRef ref = await(s.submit());

    assertThatThrownBy(() -> client.await(ref.token(), Duration.ofMillis(300)).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TimeoutException.class);

    await(client.cancel(ref.token()));
    assertThat(await(client.await(ref.token(), Duration.ofSeconds(30))).getString("status")).isEqualTo("CANCELLED");
  }

  @Test
  void replay_and_cancel_block_work_through_the_client() {
    var s = client.session("flaky");
    s.builtin("fail").id("flaky").params(new JsonObject().put("times", 1).put("message", "first time"));
    s.builtin("sleep").id("slow").require("flaky").params(new JsonObject().put("ms", 10_000));
    SessionRef ref = await(s.submit());
    JsonObject failed = await(client.await(ref.token(), Duration.ofSeconds(30)));
    assertThat(Api.blockOf(failed, "flaky").getString("status")).isEqualTo("ERROR");
    assertThat(Api.blockOf(failed, "slow").getString("status")).isEqualTo("SKIPPED");

    JsonObject replayed = await(client.replay(ref.block("flaky")));
    assertThat(replayed.getString("token")).isEqualTo(ref.block("flaky"));
    awaitBlock(ref.block("slow"), "RUNNING");
    assertThat(await(client.block(ref.block("flaky"), false)).getString("status")).isEqualTo("SUCCESS");

    JsonObject cancelled = await(client.cancelBlock(ref.block("slow")));
    assertThat(cancelled.getString("status")).isEqualTo("CANCELLED");
    JsonObject full = await(client.block(ref.block("slow"), true));
    assertThat(full.getString("status")).isEqualTo("CANCELLED");
    assertThat(full.containsKey("activity")).as("full=true gives the full view").isTrue();

    ProblemException again = failure(client.cancelBlock(ref.block("slow")));
    assertThat(again.failureCode()).isEqualTo(409);
    assertThat(failure(client.get("no-such-session-0123456789")).failureCode()).isEqualTo(404);
  }

  @Test
  void cancel_and_list_work_through_the_client() {
    String owner = "client-" + System.nanoTime();
    var s = client.session("to cancel").owner(owner);
    s.builtin("sleep").id("slow").params(new JsonObject().put("ms", 10_000));
    SessionRef ref = await(s.submit());
    awaitBlock(ref.block("slow"), "RUNNING");

    assertThat(await(client.cancel(ref.token())).getString("status")).isEqualTo("CANCELLED");
    JsonObject list = await(client.list(new JsonObject().put("owner", owner)));
    assertThat(list.getJsonArray("items")).hasSize(1);
    assertThat(list.getJsonArray("items").getJsonObject(0).getString("token")).isEqualTo(ref.token());
    assertThat(list.getJsonArray("items").getJsonObject(0).getString("status")).isEqualTo("CANCELLED");
  }

  @Test
  void events_sees_the_transitions_of_its_session_only() throws Exception {
    var s = client.session("watched");
    s.builtin("noop").id("a");
    s.builtin("echo").id("b").params(new JsonObject().put("x", 1));
    SessionRef ref = await(s.submit(ExecutionTime.ON_REQUEST));
    List<JsonObject> seen = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> succeeded = new CompletableFuture<>();
    SessionEvents events = client.events(ref.token(), e -> {
      seen.add(e);
      if ("session.status".equals(e.getString("type")) && "SUCCESS".equals(e.getString("status"))) {
        succeeded.complete(null);
      }
    });
    try {
      await(events.ready());
      var other = client.session("other");
      other.builtin("noop").id("z");
      String otherToken = await(other.submit()).token();
      await(client.run(ref.token()));

      succeeded.get(30, TimeUnit.SECONDS);
      awaitStatus(otherToken, "SUCCESS");
      assertThat(seen).allSatisfy(e -> assertThat(e.getString("sessionToken")).isEqualTo(ref.token()));
      assertThat(seen).anyMatch(e -> "session.status".equals(e.getString("type")) && "RUNNING".equals(e.getString("status")));
      for (String id : List.of("a", "b")) {
        assertThat(seen.stream().filter(e -> "block.status".equals(e.getString("type")) && id.equals(e.getString("blockId")))
            .map(e -> e.getString("status"))).as("block.status of %s", id).containsSubsequence("RUNNING", "SUCCESS");
      }
    } finally {
      await(events.close());
    }
  }

  private static JsonObject awaitStatus(String token, String status) {
    return node.api().awaitStatus(token, status);
  }

  private static void awaitBlock(String blockToken, String status) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!status.equals(await(client.block(blockToken, false)).getString("status"))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("block " + blockToken + " never reached " + status);
      }
      Api.sleep(20);
    }
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("future failed", e);
    }
  }

  static ProblemException failure(Future<?> future) {
    try {
      Object value = future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + value);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ProblemException.class);
      return (ProblemException) e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError(e);
    }
  }
}
