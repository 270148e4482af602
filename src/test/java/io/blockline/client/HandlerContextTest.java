package io.blockline.client;

import io.blockline.api.Addresses;
import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static io.blockline.testsupport.Sessions.echo;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a handler registered with {@link BlockHandlers} sees and what its failures, silences and
 * activity lines become: errors with codes, TIMEOUT and stop signals, NO_HANDLER, retries, and
 * lines in the block view, on SSE and on {@code blockline.events}.
 */
class HandlerContextTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass();
  static final Api api = node.api();
  static Vertx vertx;
  static final AtomicInteger ADDRESSES = new AtomicInteger();

  @BeforeAll
  static void start() {
    vertx = node.server().vertx();
  }

  @Test
  void a_handler_that_throws_fails_the_block_with_handler_error_and_keeps_serving() {
    AtomicInteger calls = new AtomicInteger();
    String address = register(ctx -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("boom");
      }
      return Future.succeededFuture(new JsonObject().put("fine", true));
    });

    JsonObject failed = api.awaitStatus(submit(eventbus("a", address)), "ERROR");
    JsonObject error = Api.blockOf(failed, "a").getJsonObject("error");
    assertThat(Api.blockOf(failed, "a").getString("status")).isEqualTo("ERROR");
    assertThat(error.getString("code")).isEqualTo("HANDLER_ERROR");
    assertThat(error.getString("message")).isEqualTo("boom");

    JsonObject next = api.awaitStatus(submit(eventbus("a", address)), "SUCCESS");
    assertThat(Api.blockOf(next, "a").getJsonObject("result")).isEqualTo(new JsonObject().put("fine", true));
  }

  @Test
  void a_block_failure_sets_the_code_message_and_details_of_the_error() {
    String thrown = register(ctx -> {
      throw new BlockFailure("BAD_IMAGE", "an image needs a name", new JsonObject().put("image", 3));
    });
    String failedFuture = register(ctx -> Future.failedFuture(new BlockFailure("QUOTA", "over quota")));

    JsonObject view = api.awaitStatus(submit(eventbus("thrown", thrown)), "ERROR");
    assertThat(Api.blockOf(view, "thrown").getJsonObject("error")).isEqualTo(new JsonObject()
        .put("code", "BAD_IMAGE").put("message", "an image needs a name").put("details", new JsonObject().put("image", 3)));

    JsonObject other = api.awaitStatus(submit(eventbus("future", failedFuture)), "ERROR");
    JsonObject error = Api.blockOf(other, "future").getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("QUOTA");
    assertThat(error.getString("message")).isEqualTo("over quota");
  }

  @Test
  void a_replayable_block_whose_handler_throws_is_retried_until_it_succeeds() {
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    String address = register(ctx -> {
      attempts.add(ctx.attempt());
      if (ctx.attempt() < 3) {
        throw new RuntimeException("not yet");
      }
      return Future.succeededFuture(new JsonObject().put("at", ctx.attempt()));
    });

    JsonObject view = api.awaitStatus(submit(eventbus("retried", address).put("retry", fastRetry(5))), "SUCCESS");

    assertThat(attempts).containsExactly(1, 2, 3);
    JsonObject block = Api.blockOf(view, "retried");
    assertThat(block.getInteger("attempts")).isEqualTo(3);
    assertThat(block.getJsonObject("result")).isEqualTo(new JsonObject().put("at", 3));
  }

  @Test
  void a_handler_that_never_answers_times_out_and_its_stop_signal_says_timeout() throws Exception {
    CompletableFuture<String> stop = new CompletableFuture<>();
    String address = register(ctx -> {
      ctx.stopSignal().onSuccess(stop::complete);
      return Promise.<JsonObject>promise().future();
    });

    String token = submit(eventbus("silent", address).put("timeoutMs", 300));
    JsonObject view = api.awaitSession(token, v -> "TIMEOUT".equals(Api.blockOf(v, "silent").getString("status")),
        Duration.ofSeconds(20));

    assertThat(Api.blockOf(view, "silent").getJsonObject("error").getString("code")).isEqualTo("TIMEOUT");
    assertThat(stop.get(10, TimeUnit.SECONDS)).isEqualTo("timeout");
  }

  @Test
  void a_reply_after_the_timeout_is_ignored() throws Exception {
    CompletableFuture<Void> lateReplySent = new CompletableFuture<>();
    String address = register(ctx -> {
      Promise<JsonObject> reply = Promise.promise();
      ctx.stopSignal().onSuccess(reason -> vertx.setTimer(50, id -> {
        reply.complete(new JsonObject().put("late", true));
        lateReplySent.complete(null);
      }));
      return reply.future();
    });

    String token = submit(eventbus("late", address).put("timeoutMs", 300));
    lateReplySent.get(20, TimeUnit.SECONDS);
    api.awaitSession(token, v -> v.getString("finishedAt") != null, Duration.ofSeconds(20));
    Api.sleep(200); // let the late reply reach the worker

    JsonObject block = Api.blockOf(api.session(token), "late");
    assertThat(block.getString("status")).isEqualTo("TIMEOUT");
    assertThat(block.getJsonObject("result")).isNull();
  }

  @Test
  void a_plain_consumer_receives_the_run_payload_of_the_api() throws Exception {
    String address = "test.plain." + ADDRESSES.incrementAndGet();
    CompletableFuture<JsonObject> payload = new CompletableFuture<>();
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address, m -> {
      payload.complete(m.body());
      m.reply(new JsonObject().put("plain", true));
    });
    consumer.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    try {
      String token = submit(eventbus("plain", address).put("params", new JsonObject().put("p", 1)).put("timeoutMs", 5000));
      JsonObject view = api.awaitStatus(token, "SUCCESS");

      JsonObject run = payload.get(10, TimeUnit.SECONDS);
      assertThat(run.fieldNames()).contains("sessionToken", "blockToken", "blockId", "attempt", "replayCount",
          "params", "item", "input", "results", "timeoutMs");
      assertThat(run.getString("sessionToken")).isEqualTo(token);
      assertThat(run.getString("blockToken")).isEqualTo(Api.blockOf(view, "plain").getString("token"));
      assertThat(run.getJsonObject("params")).isEqualTo(new JsonObject().put("p", 1));
      assertThat(run.getLong("timeoutMs")).isEqualTo(5000L);
      assertThat(Api.blockOf(view, "plain").getJsonObject("result")).isEqualTo(new JsonObject().put("plain", true));
    } finally {
      consumer.unregister();
    }
  }

  @Test
  void cancelling_a_running_eventbus_block_fires_its_stop_signal_with_cancelled() throws Exception {
    CompletableFuture<HandlerContext> started = new CompletableFuture<>();
    String address = register(ctx -> {
      started.complete(ctx);
      return Promise.<JsonObject>promise().future();
    });
    JsonObject receipt = api.submit(session(eventbus("held", address).put("timeoutMs", 30_000)));

    HandlerContext ctx = started.get(20, TimeUnit.SECONDS);
    assertThat(ctx.stopped()).isFalse();
    String blockToken = receipt.getJsonArray("blocks").getJsonObject(0).getString("token");
    assertThat(api.post("/v1/blocks/" + blockToken + "/cancel", null).status()).isEqualTo(200);

    assertThat(ctx.stopSignal().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("cancelled");
    assertThat(api.awaitSession(receipt.getString("token"),
        v -> "CANCELLED".equals(Api.blockOf(v, "held").getString("status")), Duration.ofSeconds(20))).isNotNull();
  }

  @Test
  void a_missing_consumer_fails_the_block_with_no_handler() {
    JsonObject view = api.awaitStatus(submit(eventbus("lonely", "nobody.serves." + ADDRESSES.incrementAndGet())), "ERROR");

    JsonObject block = Api.blockOf(view, "lonely");
    assertThat(block.getJsonObject("error").getString("code")).isEqualTo("NO_HANDLER");
    assertThat(block.getInteger("attempts")).isEqualTo(1);
  }

  @Test
  void a_replayable_block_without_a_consumer_is_retried() {
    JsonObject view = api.awaitStatus(submit(eventbus("lonely", "nobody.serves." + ADDRESSES.incrementAndGet())
        .put("retry", fastRetry(3))), "ERROR");

    JsonObject block = Api.blockOf(view, "lonely");
    assertThat(block.getJsonObject("error").getString("code")).isEqualTo("NO_HANDLER");
    assertThat(block.getInteger("attempts")).isEqualTo(3);
  }

  @Test
  void handler_activity_lines_reach_the_block_view_the_event_stream_and_the_event_bus() throws Exception {
    String address = register(ctx -> {
      ctx.activity("NOTICE", "resizing a.jpg");
      ctx.activity("WARNING", "a.jpg is large");
      return Future.succeededFuture(new JsonObject());
    });
    List<JsonObject> published = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.EVENTS, m -> published.add(m.body()));
    consumer.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    JsonObject receipt = api.submit(session(eventbus("talky", address)).put("executionTime", "ON_REQUEST"));
    String token = receipt.getString("token");
    String blockToken = receipt.getJsonArray("blocks").getJsonObject(0).getString("token");

    try (SseLines sse = SseLines.open("http://127.0.0.1:" + node.server().httpPort() + "/v1/sessions/" + token + "/events")) {
      assertThat(api.post("/v1/sessions/" + token + "/run", null).status()).isEqualTo(200);
      String line = sse.until(l -> l.contains("a.jpg is large"), Duration.ofSeconds(20));
      assertThat(line).startsWith("data:");
      JsonObject event = new JsonObject(line.substring("data:".length()).trim());
      assertThat(event.getString("type")).isEqualTo("block.activity");
      assertThat(event.getString("level")).isEqualTo("WARNING");
      assertThat(event.getString("blockToken")).isEqualTo(blockToken);
      assertThat(sse.seen()).anyMatch(l -> l.contains("resizing a.jpg"));
      api.awaitStatus(token, "SUCCESS");
      // The test's own consumer gets the event on its own context, possibly after the stream did.
      long deadline = System.currentTimeMillis() + 10_000;
      while (published.stream().noneMatch(e -> "resizing a.jpg".equals(e.getString("line")))
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertThat(published).anyMatch(e -> "block.activity".equals(e.getString("type"))
          && token.equals(e.getString("sessionToken")) && "NOTICE".equals(e.getString("level"))
          && "resizing a.jpg".equals(e.getString("line")));
    } finally {
      consumer.unregister();
    }
    JsonObject full = pollBlock(blockToken, b -> b.getJsonArray("activity").encode().contains("a.jpg is large"));
    List<JsonObject> lines = full.getJsonArray("activity").stream().map(l -> (JsonObject) l)
        .filter(l -> l.getString("line").contains("a.jpg")).toList();
    assertThat(lines).extracting(l -> l.getString("level") + " " + l.getString("line"))
        .containsExactly("NOTICE resizing a.jpg", "WARNING a.jpg is large");
    assertThat(lines).allSatisfy(l -> assertThat(l.getString("at")).isNotBlank());
  }

  @Test
  void the_handler_receives_params_item_and_the_results_of_earlier_blocks_by_id() {
    Map<Object, HandlerContext> seen = new ConcurrentHashMap<>();
    String first = register(ctx -> Future.succeededFuture(new JsonObject().put("n", 1)));
    String second = register(ctx -> {
      seen.put(ctx.item(), ctx);
      return Future.succeededFuture(new JsonObject());
    });

    String token = submit(eventbus("first", first),
        eventbus("second", second).put("params", new JsonObject().put("p", 1)).put("require", new JsonArray().add("first"))
            .put("dataset", new JsonArray().add(new JsonObject().put("k", 1)).add(new JsonObject().put("k", 2))));
    api.awaitStatus(token, "SUCCESS");

    assertThat(seen.keySet()).containsExactlyInAnyOrder(new JsonObject().put("k", 1), new JsonObject().put("k", 2));
    HandlerContext ctx = seen.get(new JsonObject().put("k", 2));
    assertThat(ctx.params()).isEqualTo(new JsonObject().put("p", 1));
    assertThat(ctx.result("first")).isEqualTo(new JsonObject().put("n", 1));
    assertThat(ctx.results().fieldNames()).containsExactly("first");
    assertThat(ctx.input()).as("no pipeline, no input").isNull();
    assertThat(ctx.attempt()).isEqualTo(1);
    assertThat(ctx.replayCount()).isZero();
    assertThat(ctx.sessionToken()).isEqualTo(token);
    assertThat(ctx.blockId()).isEqualTo("second");
  }

  @Test
  void the_handler_receives_the_pipeline_input() {
    List<HandlerContext> seen = new CopyOnWriteArrayList<>();
    String address = register(ctx -> {
      seen.add(ctx);
      return Future.succeededFuture(new JsonObject().put("done", true));
    });

    String piped = api.submit(session(echo("first", new JsonObject().put("x", 1)),
        eventbus("second", address).put("params", new JsonObject().put("y", 2))).put("mode", "pipeline")).getString("token");
    api.awaitStatus(piped, "SUCCESS");

    HandlerContext ctx = seen.stream().filter(c -> piped.equals(c.sessionToken())).findFirst().orElseThrow();
    assertThat(ctx.input()).isEqualTo(new JsonObject().put("x", 1).put("y", 2));
    assertThat(ctx.item()).isNull();
  }

  @Test
  void the_handler_sees_the_attempt_and_replay_count_of_a_replayed_block() {
    List<HandlerContext> seen = new CopyOnWriteArrayList<>();
    String address = register(ctx -> {
      seen.add(ctx);
      return ctx.replayCount() == 0 ? Future.failedFuture(new BlockFailure("NOT_YET", "first run fails"))
          : Future.succeededFuture(new JsonObject().put("replays", ctx.replayCount()));
    });
    JsonObject receipt = api.submit(session(eventbus("again", address)));
    String token = receipt.getString("token");
    api.awaitStatus(token, "ERROR");

    String blockToken = receipt.getJsonArray("blocks").getJsonObject(0).getString("token");
    assertThat(api.post("/v1/blocks/" + blockToken + "/replay", null).status()).isEqualTo(200);
    JsonObject view = api.awaitStatus(token, "SUCCESS");

    assertThat(seen).extracting(HandlerContext::replayCount).containsExactly(0, 1);
    assertThat(seen).extracting(HandlerContext::attempt).containsExactly(1, 1);
    assertThat(Api.blockOf(view, "again").getJsonObject("result")).isEqualTo(new JsonObject().put("replays", 1));
  }

  private static String register(Function<HandlerContext, Future<JsonObject>> handler) {
    String address = "test.handler." + ADDRESSES.incrementAndGet();
    try {
      BlockHandlers.register(vertx, address, handler).completion().toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return address;
  }

  private static JsonObject eventbus(String id, String address) {
    return new JsonObject().put("id", id).put("handler", new JsonObject().put("type", "eventbus").put("address", address));
  }

  private static JsonObject fastRetry(int maxAttempts) {
    return new JsonObject().put("maxAttempts", maxAttempts).put("initialDelayMs", 50).put("multiplier", 1.0);
  }

  private static String submit(JsonObject... blocks) {
    return api.submit(session(blocks)).getString("token");
  }

  private static JsonObject pollBlock(String token, Predicate<JsonObject> condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    JsonObject view = api.block(token);
    while (!condition.test(view)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("block " + token + " never matched; last view " + view.encodePrettily());
      }
      Api.sleep(20);
      view = api.block(token);
    }
    return view;
  }

  /** The raw lines of a server-sent event stream, read on a background thread. */
  static final class SseLines implements AutoCloseable {
    private final java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final Stream<String> body;

    private SseLines(Stream<String> body) {
      this.body = body;
      Thread reader = new Thread(() -> {
        try {
          body.forEach(lines::add);
        } catch (RuntimeException closed) {
          // the test closed the stream
        }
      }, "sse-lines");
      reader.setDaemon(true);
      reader.start();
    }

    static SseLines open(String url) throws Exception {
      HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
          .sendAsync(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").build(),
              HttpResponse.BodyHandlers.ofLines())
          .get(10, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(200);
      return new SseLines(response.body());
    }

    /** The first line that matches; fails when none comes in time. */
    String until(Predicate<String> match, Duration max) throws InterruptedException {
      long deadline = System.nanoTime() + max.toNanos();
      while (true) {
        String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null) {
          throw new AssertionError("no matching line on the event stream; seen " + seen);
        }
        seen.add(line);
        if (match.test(line)) {
          return line;
        }
      }
    }

    List<String> seen() {
      return seen;
    }

    @Override
    public void close() {
      body.close();
    }
  }
}
