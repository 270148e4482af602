package io.blockline.handler;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code http} handler kind against a real HTTP server on 127.0.0.1: 2xx JSON, 500 with a
 * body preview, a slow answer, a non-JSON answer, and the private-address guard.
 */
class HttpHandlerTest {
  static final String BIG_BODY = "0123456789abcdef".repeat(320); // 5 KiB of ASCII
  static TestServer node;
  static Vertx vertx;
  static HttpServer server;
  static String base;
  static final List<Recorded> received = new CopyOnWriteArrayList<>();

  /** One request as the test server saw it. */
  record Recorded(String method, String path, String contentType, String testHeader, String body) {
  }

  @BeforeAll
  static void start() throws Exception {
    node = TestServer.start(new JsonObject().put("handlers.http.allowHosts", "127.0.0.1"));
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      received.add(new Recorded(request.method().name(), request.path(), request.getHeader("Content-Type"),
          request.getHeader("X-Test"), body.toString()));
      var response = request.response();
      switch (request.path()) {
        case "/ok" -> response.putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("resized", true).put("seen", new JsonObject(body).getJsonObject("params")).encode());
        case "/fail" -> response.setStatusCode(500).putHeader("Content-Type", "text/plain").end(BIG_BODY);
        case "/slow" -> vertx.setTimer(2000, id -> response.putHeader("Content-Type", "application/json").end("{}"));
        case "/text" -> response.putHeader("Content-Type", "text/plain").end("hello, not JSON");
        case "/flaky" -> {
          String block = new JsonObject(body).getString("blockToken");
          boolean first = received.stream().filter(r -> r.path().equals("/flaky")
              && block.equals(new JsonObject(r.body()).getString("blockToken"))).count() == 1;
          response.setStatusCode(first ? 503 : 200).putHeader("Content-Type", "application/json").end("{\"second\":true}");
        }
        default -> response.setStatusCode(404).end();
      }
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + server.actualPort();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      node.close();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void a_2xx_json_answer_is_the_result_and_the_request_carries_the_run() {
    JsonObject block = http("call", base + "/ok").put("params", new JsonObject().put("album", 42));
    block.getJsonObject("handler").put("headers", new JsonObject().put("X-Test", "yes"));
    JsonObject receipt = node.api().submit(session(block));
    String blockToken = receipt.getJsonArray("blocks").getJsonObject(0).getString("token");

    JsonObject view = node.api().awaitStatus(receipt.getString("token"), "SUCCESS");

    assertThat(Api.blockOf(view, "call").getJsonObject("result"))
        .isEqualTo(new JsonObject().put("resized", true).put("seen", new JsonObject().put("album", 42)));
    Recorded request = only("/ok", blockToken);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.contentType()).startsWith("application/json");
    assertThat(request.testHeader()).isEqualTo("yes");
    JsonObject run = new JsonObject(request.body());
    assertThat(run.getJsonObject("params")).isEqualTo(new JsonObject().put("album", 42));
    assertThat(run.getString("blockToken")).isEqualTo(blockToken);
    assertThat(run.getString("sessionToken")).isEqualTo(receipt.getString("token"));
    assertThat(run.getString("blockId")).isEqualTo("call");
    assertThat(run.getInteger("attempt")).isEqualTo(1);
    assertThat(run.getInteger("replayCount")).isZero();
    assertThat(run.fieldNames()).contains("item", "input", "results");
  }

  @Test
  void a_500_answer_is_an_error_with_the_status_and_the_first_2_kib_of_the_body() {
    String token = node.api().submit(session(http("broken", base + "/fail"))).getString("token");

    JsonObject block = Api.blockOf(node.api().awaitStatus(token, "ERROR"), "broken");

    assertThat(block.getString("status")).isEqualTo("ERROR");
    JsonObject error = block.getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("HTTP_500");
    assertThat(error.getJsonObject("details").getInteger("status")).isEqualTo(500);
    String preview = error.getJsonObject("details").getString("body");
    assertThat(preview).hasSize(2048).isEqualTo(BIG_BODY.substring(0, 2048));
  }

  @Test
  void a_slow_answer_times_the_block_out() {
    String token = node.api().submit(session(http("slow", base + "/slow").put("timeoutMs", 300))).getString("token");

    JsonObject view = node.api().awaitSession(token, v -> "TIMEOUT".equals(Api.blockOf(v, "slow").getString("status")),
        Duration.ofSeconds(20));

    assertThat(Api.blockOf(view, "slow").getJsonObject("error").getString("code")).isEqualTo("TIMEOUT");
    assertThat(Api.blockOf(view, "slow").getJsonObject("result")).isNull();
  }

  @Test
  void a_2xx_answer_that_is_not_json_is_a_bad_response() {
    String token = node.api().submit(session(http("text", base + "/text"))).getString("token");

    JsonObject block = Api.blockOf(node.api().awaitStatus(token, "ERROR"), "text");

    assertThat(block.getJsonObject("error").getString("code")).isEqualTo("BAD_RESPONSE");
    assertThat(block.getJsonObject("result")).isNull();
  }

  @Test
  void a_5xx_answer_is_retried_when_replayable_and_a_4xx_is_not() {
    JsonObject retry = new JsonObject().put("maxAttempts", 3).put("initialDelayMs", 50);
    String flaky = node.api().submit(session(http("flaky", base + "/flaky").put("retry", retry))).getString("token");
    String missing = node.api().submit(session(http("missing", base + "/missing").put("retry", retry))).getString("token");

    JsonObject recovered = Api.blockOf(node.api().awaitStatus(flaky, "SUCCESS"), "flaky");
    JsonObject refused = Api.blockOf(node.api().awaitStatus(missing, "ERROR"), "missing");

    assertThat(recovered.getInteger("attempts")).isEqualTo(2);
    assertThat(recovered.getJsonObject("result")).isEqualTo(new JsonObject().put("second", true));
    assertThat(refused.getJsonObject("error").getString("code")).isEqualTo("HTTP_404");
    assertThat(refused.getInteger("attempts")).as("a 404 is not retried").isEqualTo(1);
  }

  @Test
  void a_url_on_a_private_address_is_refused_without_allow_hosts_and_never_called() {
    try (TestServer guarded = TestServer.start()) {
      String token = guarded.api().submit(session(http("private", base + "/guarded"))).getString("token");

      JsonObject block = Api.blockOf(guarded.api().awaitStatus(token, "ERROR"), "private");

      assertThat(block.getJsonObject("error").getString("code")).isEqualTo("FORBIDDEN_ADDRESS");
      assertThat(block.getJsonObject("error").getString("message")).contains("127.0.0.1");
    }
    assertThat(received).noneMatch(r -> r.path().equals("/guarded"));
  }

  private static JsonObject http(String id, String url) {
    return new JsonObject().put("id", id)
        .put("handler", new JsonObject().put("type", "http").put("url", url).put("method", "POST"));
  }

  private static Recorded only(String path, String blockToken) {
    List<Recorded> matching = received.stream()
        .filter(r -> r.path().equals(path) && blockToken.equals(new JsonObject(r.body()).getString("blockToken"))).toList();
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }
}
