package io.blockline.client;

import io.blockline.api.Addresses;
import io.blockline.api.ProblemException;
import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static io.blockline.testsupport.Sessions.echo;
import static io.blockline.testsupport.Sessions.fail;
import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static io.blockline.testsupport.Sessions.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every address of the event-bus API answers what HTTP answers for the same call, fails as a
 * {@link ReplyException} carrying the HTTP status and the problem detail, and state changes are
 * published on {@code blockline.events}.
 */
class EventBusApiTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass();
  static final Api api = node.api();
  static EventBus bus;

  @BeforeAll
  static void start() {
    bus = node.server().vertx().eventBus();
  }

  @Test
  void submit_answers_the_receipt_and_get_answers_the_http_session_view() {
    JsonObject receipt = request(Addresses.SESSIONS_SUBMIT, session(noop("a"), echo("b", new JsonObject().put("x", 1))));

    assertThat(receipt.fieldNames()).containsExactlyInAnyOrder("token", "status", "blocks");
    assertThat(receipt.getJsonArray("blocks")).hasSize(2);
    assertThat(receipt.getJsonArray("blocks").getJsonObject(0).fieldNames()).containsExactlyInAnyOrder("token", "id");
    String token = receipt.getString("token");
    api.awaitStatus(token, "SUCCESS");

    JsonObject view = request(Addresses.SESSIONS_GET, new JsonObject().put("token", token));
    assertThat(view).isEqualTo(api.get("/v1/sessions/" + token).json());
    assertThat(Api.blockOf(view, "b").getJsonObject("result")).isEqualTo(new JsonObject().put("x", 1));
  }

  @Test
  void list_answers_the_http_list_body_page_by_page() {
    String owner = "eb-list-" + System.nanoTime();
    for (int i = 0; i < 3; i++) {
      api.awaitStatus(request(Addresses.SESSIONS_SUBMIT, session(noop("a")).put("owner", owner)).getString("token"), "SUCCESS");
    }

    JsonObject first = request(Addresses.SESSIONS_LIST, new JsonObject().put("owner", owner).put("limit", 2));
    assertThat(first).isEqualTo(api.get("/v1/sessions?owner=" + owner + "&limit=2").json());
    assertThat(first.getJsonArray("items")).hasSize(2);
    String cursor = first.getString("nextCursor");
    assertThat(cursor).isNotBlank();

    JsonObject second = request(Addresses.SESSIONS_LIST, new JsonObject().put("owner", owner).put("limit", 2).put("cursor", cursor));
    assertThat(second).isEqualTo(api.get("/v1/sessions?owner=" + owner + "&limit=2&cursor=" + cursor).json());
    assertThat(second.getJsonArray("items")).hasSize(1);
  }

  @Test
  void blocks_get_answers_the_http_block_view_plain_and_full() {
    JsonObject receipt = request(Addresses.SESSIONS_SUBMIT, session(echo("a", new JsonObject().put("k", "v"))
        .put("dataset", new JsonArray().add(1).add(2))));
    api.awaitStatus(receipt.getString("token"), "SUCCESS");
    String block = receipt.getJsonArray("blocks").getJsonObject(0).getString("token");

    assertSameAsHttp(() -> request(Addresses.BLOCKS_GET, new JsonObject().put("token", block).put("full", false)),
        () -> api.get("/v1/blocks/" + block).json());
    JsonObject full = assertSameAsHttp(() -> request(Addresses.BLOCKS_GET, new JsonObject().put("token", block).put("full", true)),
        () -> api.get("/v1/blocks/" + block + "?full=true").json());
    assertThat(full.getJsonArray("runs")).hasSize(2);
    assertThat(full.getJsonObject("params")).isEqualTo(new JsonObject().put("k", "v"));
  }

  @Test
  void run_starts_an_on_request_session_and_a_second_run_conflicts() {
    JsonObject receipt = request(Addresses.SESSIONS_SUBMIT, session(noop("a")).put("executionTime", "ON_REQUEST"));
    String token = receipt.getString("token");
    assertThat(receipt.getString("status")).isEqualTo("STANDBY");

    JsonObject view = request(Addresses.SESSIONS_RUN, new JsonObject().put("token", token));
    assertThat(view.getString("token")).isEqualTo(token);
    assertThat(view.fieldNames()).isEqualTo(api.session(token).fieldNames());
    api.awaitStatus(token, "SUCCESS");

    assertProblem(Addresses.SESSIONS_RUN, new JsonObject().put("token", token), 409, "/v1/sessions/" + token + "/run");
  }

  @Test
  void cancel_cancels_a_running_session_and_a_second_cancel_conflicts() {
    String token = request(Addresses.SESSIONS_SUBMIT, session(sleep("slow", 10_000))).getString("token");
    api.awaitSession(token, v -> "RUNNING".equals(Api.blockOf(v, "slow").getString("status")), Duration.ofSeconds(20));

    JsonObject view = request(Addresses.SESSIONS_CANCEL, new JsonObject().put("token", token));
    assertThat(view.getString("token")).isEqualTo(token);
    assertThat(view.getString("status")).isEqualTo("CANCELLED");
    api.awaitSession(token, v -> "CANCELLED".equals(Api.blockOf(v, "slow").getString("status")), Duration.ofSeconds(20));

    assertProblem(Addresses.SESSIONS_CANCEL, new JsonObject().put("token", token), 409, "/v1/sessions/" + token + "/cancel");
  }

  @Test
  void proceed_resumes_a_paused_session_and_conflicts_unless_paused() {
    String token = request(Addresses.SESSIONS_SUBMIT, session(
        echo("ask", new JsonObject().put("q", 1)).put("interrupt", true), noop("after"))).getString("token");
    api.awaitStatus(token, "PAUSED");

    ProblemException bad = problem(Addresses.SESSIONS_PROCEED, new JsonObject().put("token", token).put("data", "yes"));
    assertThat(bad.failureCode()).isEqualTo(400);
    assertThat(fields(bad.errors())).containsExactly("data");

    JsonObject view = request(Addresses.SESSIONS_PROCEED, new JsonObject().put("token", token)
        .put("data", new JsonObject().put("go", true)));
    assertThat(view.getString("token")).isEqualTo(token);
    assertThat(api.awaitStatus(token, "SUCCESS").getString("status")).isEqualTo("SUCCESS");

    ReplyException again = assertProblem(Addresses.SESSIONS_PROCEED, new JsonObject().put("token", token).put("data", new JsonObject()),
        409, "/v1/sessions/" + token + "/proceed");
    assertThat(again.getMessage()).contains("not PAUSED");
  }

  @Test
  void delete_removes_a_finished_session_and_conflicts_on_a_running_one() {
    String token = request(Addresses.SESSIONS_SUBMIT, session(sleep("slow", 10_000))).getString("token");
    api.awaitSession(token, v -> "RUNNING".equals(v.getString("status")), Duration.ofSeconds(20));

    ProblemException running = problem(Addresses.SESSIONS_DELETE, new JsonObject().put("token", token));
    assertThat(running.failureCode()).isEqualTo(409);
    assertThat(api.session(token)).as("a rejected delete changes nothing").isNotNull();

    request(Addresses.SESSIONS_CANCEL, new JsonObject().put("token", token));
    api.awaitStatus(token, "CANCELLED");
    JsonObject deleted = request(Addresses.SESSIONS_DELETE, new JsonObject().put("token", token));

    assertThat(deleted).isEqualTo(new JsonObject().put("token", token).put("deleted", true));
    assertThat(api.get("/v1/sessions/" + token).status()).isEqualTo(404);
    assertThat(problem(Addresses.SESSIONS_GET, new JsonObject().put("token", token)).failureCode()).isEqualTo(404);
  }

  @Test
  void deliveries_and_their_ack_answer_what_http_answers() {
    String token = request(Addresses.SESSIONS_SUBMIT, session(noop("a"))
        .put("callback", new JsonObject().put("address", "nobody.listens." + System.nanoTime()))).getString("token");
    api.awaitStatus(token, "SUCCESS");

    // The outbox row is written with the state change, so it is there as soon as SUCCESS is.
    JsonObject pending = assertSameAsHttp(() -> request(Addresses.SESSIONS_DELIVERIES, new JsonObject().put("token", token)),
        () -> api.get("/v1/sessions/" + token + "/deliveries").json());
    assertThat(pending.getJsonArray("items")).hasSize(1);
    assertThat(pending.getJsonArray("items").getJsonObject(0).getString("status")).isEqualTo("PENDING");

    JsonObject acked = request(Addresses.SESSIONS_DELIVERIES_ACK, new JsonObject().put("token", token));
    assertThat(acked.getJsonArray("items").getJsonObject(0).getString("status")).isEqualTo("ACKED");
    assertThat(acked).isEqualTo(api.get("/v1/sessions/" + token + "/deliveries").json());
    assertThat(api.post("/v1/sessions/" + token + "/deliveries/ack", null).json()).isEqualTo(acked);
  }

  @Test
  void blocks_replay_and_cancel_answer_the_block_view_and_conflict_when_they_cannot_apply() {
    JsonObject receipt = request(Addresses.SESSIONS_SUBMIT, session(fail("flaky", 1)));
    String token = receipt.getString("token");
    String flaky = receipt.getJsonArray("blocks").getJsonObject(0).getString("token");
    api.awaitStatus(token, "ERROR");

    JsonObject replayed = request(Addresses.BLOCKS_REPLAY, new JsonObject().put("token", flaky));
    assertThat(replayed.getString("token")).isEqualTo(flaky);
    assertThat(replayed.fieldNames()).isEqualTo(api.get("/v1/blocks/" + flaky).json().fieldNames());
    api.awaitStatus(token, "SUCCESS");
    assertProblem(Addresses.BLOCKS_REPLAY, new JsonObject().put("token", flaky), 409, "/v1/blocks/" + flaky + "/replay");

    JsonObject other = request(Addresses.SESSIONS_SUBMIT, session(sleep("slow", 10_000)));
    String slow = other.getJsonArray("blocks").getJsonObject(0).getString("token");
    api.awaitSession(other.getString("token"), v -> "RUNNING".equals(Api.blockOf(v, "slow").getString("status")),
        Duration.ofSeconds(20));
    JsonObject cancelled = request(Addresses.BLOCKS_CANCEL, new JsonObject().put("token", slow));
    assertThat(cancelled.getString("token")).isEqualTo(slow);
    assertThat(cancelled.getString("status")).isEqualTo("CANCELLED");
    assertProblem(Addresses.BLOCKS_CANCEL, new JsonObject().put("token", slow), 409, "/v1/blocks/" + slow + "/cancel");
  }

  @Test
  void an_invalid_submit_fails_400_listing_every_invalid_field_like_http() {
    JsonObject body = session(noop("a").put("timeoutMs", -1), noop("A")).put("priority", 500);
    long before = Long.parseLong(node.queryOne("select count(*) from sessions"));

    ProblemException problem = problem(Addresses.SESSIONS_SUBMIT, body);

    assertThat(problem.failureCode()).isEqualTo(400);
    assertThat(fields(problem.errors())).contains("priority", "blocks[0].timeoutMs").hasSizeGreaterThanOrEqualTo(3);
    Api.Response http = api.post("/v1/sessions", body);
    assertThat(http.status()).isEqualTo(400);
    assertThat(problem.getMessage()).isEqualTo(http.json().getString("detail"));
    assertThat(problem.errors()).isEqualTo(http.json().getJsonArray("errors"));
    assertThat(Long.parseLong(node.queryOne("select count(*) from sessions"))).isEqualTo(before);
  }

  @Test
  void a_request_without_a_token_fails_400_naming_the_token_field() {
    for (String address : List.of(Addresses.SESSIONS_GET, Addresses.SESSIONS_RUN, Addresses.SESSIONS_CANCEL,
        Addresses.SESSIONS_PROCEED, Addresses.SESSIONS_DELETE, Addresses.SESSIONS_DELIVERIES,
        Addresses.SESSIONS_DELIVERIES_ACK, Addresses.BLOCKS_GET, Addresses.BLOCKS_REPLAY, Addresses.BLOCKS_CANCEL)) {
      ProblemException problem = problem(address, new JsonObject());
      assertThat(problem.failureCode()).as(address).isEqualTo(400);
      assertThat(fields(problem.errors())).as(address).containsExactly("token");
    }
  }

  @Test
  void an_unknown_token_fails_404_with_the_http_detail_on_every_address() {
    String unknown = "no-such-token-0123456789";
    Map<String, String[]> routes = Map.of(
        Addresses.SESSIONS_GET, new String[] {"GET", "/v1/sessions/" + unknown},
        Addresses.SESSIONS_RUN, new String[] {"POST", "/v1/sessions/" + unknown + "/run"},
        Addresses.SESSIONS_CANCEL, new String[] {"POST", "/v1/sessions/" + unknown + "/cancel"},
        Addresses.SESSIONS_PROCEED, new String[] {"POST", "/v1/sessions/" + unknown + "/proceed"},
        Addresses.SESSIONS_DELETE, new String[] {"DELETE", "/v1/sessions/" + unknown},
        Addresses.SESSIONS_DELIVERIES, new String[] {"GET", "/v1/sessions/" + unknown + "/deliveries"},
        Addresses.SESSIONS_DELIVERIES_ACK, new String[] {"POST", "/v1/sessions/" + unknown + "/deliveries/ack"},
        Addresses.BLOCKS_GET, new String[] {"GET", "/v1/blocks/" + unknown},
        Addresses.BLOCKS_REPLAY, new String[] {"POST", "/v1/blocks/" + unknown + "/replay"},
        Addresses.BLOCKS_CANCEL, new String[] {"POST", "/v1/blocks/" + unknown + "/cancel"});

    routes.forEach((address, route) -> {
      ProblemException problem = problem(address, new JsonObject().put("token", unknown).put("data", new JsonObject()));
      assertThat(problem.failureCode()).as(address).isEqualTo(404);
      Api.Response http = switch (route[0]) {
        case "GET" -> api.get(route[1]);
        case "DELETE" -> api.delete(route[1]);
        default -> api.post(route[1], new JsonObject());
      };
      assertThat(http.status()).as(address).isEqualTo(404);
      assertThat(problem.getMessage()).as(address).isEqualTo(http.json().getString("detail"));
    });
  }

  @Test
  void state_changes_are_published_on_blockline_events() throws Exception {
    LinkedBlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    MessageConsumer<JsonObject> consumer = bus.consumer(Addresses.EVENTS, m -> events.add(m.body()));
    consumer.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    try {
      String token = request(Addresses.SESSIONS_SUBMIT, session(noop("a"))).getString("token");

      List<JsonObject> seen = new java.util.ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (seen.stream().noneMatch(e -> is(e, "session.status", "SUCCESS"))) {
        JsonObject event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (event == null) {
          fail("no session.status SUCCESS on blockline.events; seen " + seen);
        }
        if (token.equals(event.getString("sessionToken"))) {
          seen.add(event);
        }
      }

      assertThat(seen).anyMatch(e -> is(e, "session.status", "RUNNING"));
      assertThat(seen.stream().filter(e -> "block.status".equals(e.getString("type"))).map(e -> e.getString("status")))
          .containsSubsequence("RUNNING", "SUCCESS");
      assertThat(seen).anyMatch(e -> "block.activity".equals(e.getString("type")) && "a".equals(e.getString("blockId")));
      assertThat(seen).allSatisfy(e -> assertThat(e.getString("at")).isNotBlank());
      assertThat(seen.stream().filter(e -> e.getString("type").startsWith("block.")))
          .allSatisfy(e -> assertThat(e.getString("blockToken")).isNotBlank());
    } finally {
      consumer.unregister();
    }
  }

  private static boolean is(JsonObject event, String type, String status) {
    return type.equals(event.getString("type")) && status.equals(event.getString("status"));
  }

  /** Reads both sides until HTTP reads the same twice around the bus read, then compares. */
  private static JsonObject assertSameAsHttp(Supplier<JsonObject> viaBus, Supplier<JsonObject> viaHttp) {
    for (int i = 0; i < 20; i++) {
      JsonObject before = viaHttp.get();
      JsonObject onBus = viaBus.get();
      JsonObject after = viaHttp.get();
      if (before.equals(after)) {
        assertThat(onBus).isEqualTo(before);
        return onBus;
      }
      Api.sleep(50);
    }
    throw new AssertionError("the HTTP view never settled");
  }

  private static ReplyException assertProblem(String address, JsonObject body, int status, String httpPostPath) {
    ProblemException problem = problem(address, body);
    assertThat(problem.failureCode()).as(address).isEqualTo(status);
    Api.Response http = api.post(httpPostPath, body.containsKey("data") ? new JsonObject().put("data", body.getValue("data")) : null);
    assertThat(http.status()).isEqualTo(status);
    assertThat(problem.getMessage()).isEqualTo(http.json().getString("detail"));
    return problem;
  }

  private static List<String> fields(JsonArray errors) {
    return errors.stream().map(e -> ((JsonObject) e).getString("field")).toList();
  }

  static JsonObject request(String address, JsonObject body) {
    try {
      return bus.<JsonObject>request(address, body).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).body();
    } catch (Exception e) {
      throw new AssertionError("request to " + address + " failed", e);
    }
  }

  /** The failure of a request that must fail: a ProblemException (a ReplyException with errors). */
  static ProblemException problem(String address, JsonObject body) {
    try {
      JsonObject reply = bus.<JsonObject>request(address, body).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS).body();
      throw new AssertionError(address + " answered " + reply + " instead of failing");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).as(address).isInstanceOf(ReplyException.class).isInstanceOf(ProblemException.class);
      return (ProblemException) e.getCause();
    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError(address + " did not answer", e);
    }
  }
}
