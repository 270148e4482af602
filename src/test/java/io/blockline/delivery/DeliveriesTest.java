package io.blockline.delivery;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import java.util.function.Predicate;

import static io.blockline.testsupport.Sessions.echo;
import static io.blockline.testsupport.Sessions.fail;
import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Completion deliveries: one per resting state and target, retried with back-off until a 2xx or
 * a reply, kept across restarts, signed with HMAC-SHA256, stopped by an acknowledge.
 */
class DeliveriesTest {
  static final String SECRET = "s3cret";
  static final JsonObject CONFIG = new JsonObject()
      .put("handlers.http.allowHosts", "127.0.0.1").put("deliveries.secret", SECRET);
  static TestServer node;
  static Api api;
  static Vertx vertx;

  @BeforeAll
  static void start() {
    node = TestServer.startWithMovableClock(CONFIG);
    api = node.api();
    vertx = Vertx.vertx();
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
  void an_endpoint_failing_three_times_gets_one_successful_delivery_after_backed_off_retries() {
    Endpoint endpoint = Endpoint.start(0, n -> n <= 3 ? 500 : 200);
    try {
      String token = api.submit(session(noop("a")).put("callback", new JsonObject().put("url", endpoint.url()))).getString("token");
      api.awaitStatus(token, "SUCCESS");

      for (int failed = 1; failed <= 3; failed++) {
        Duration backOff = awaitBackOff(token, endpoint, failed);
        long base = DeliveryBackoff.baseDelayMs(failed);
        assertThat(backOff.toMillis()).as("back-off after failed attempt %d", failed)
            .isBetween(base - 250, base + DeliveryBackoff.JITTER_MS);
        node.clock().advance(backOff.plusMillis(1));
      }

      JsonObject delivery = awaitDelivery(api, token, d -> "DELIVERED".equals(d.getString("status")));
      assertThat(delivery.getInteger("attempts")).isEqualTo(4);
      assertThat(delivery.getString("kind")).isEqualTo("url");
      assertThat(delivery.getString("sessionStatus")).isEqualTo("SUCCESS");
      assertThat(delivery.getString("deliveredAt")).isNotBlank();
      node.clock().advance(Duration.ofMinutes(1));
      Api.sleep(200); // nothing more may come once a delivery succeeded, however long after
      assertThat(endpoint.requests()).hasSize(4);
      assertThat(endpoint.requests()).allSatisfy(r -> assertThat(r.json().getString("sessionToken")).isEqualTo(token));
    } finally {
      endpoint.close();
    }
  }

  @Test
  void an_event_bus_callback_address_receives_the_delivery_payload() throws Exception {
    String address = "app.done." + System.nanoTime();
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> consumer = node.server().vertx().eventBus().consumer(address, m -> {
      received.add(m.body());
      m.reply(new JsonObject());
    });
    consumer.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    try {
      String token = api.submit(session(echo("a", new JsonObject().put("x", 1)), noop("b"))
          .put("callback", new JsonObject().put("address", address))).getString("token");
      JsonObject view = api.awaitStatus(token, "SUCCESS");

      JsonObject delivery = awaitDelivery(api, token, d -> "DELIVERED".equals(d.getString("status")));
      assertThat(delivery.getString("kind")).isEqualTo("address");
      assertThat(delivery.getString("target")).isEqualTo(address);
      assertThat(delivery.getInteger("attempts")).isEqualTo(1);
      assertThat(received).hasSize(1);
      JsonObject payload = received.get(0);
      assertThat(payload.fieldNames()).containsExactlyInAnyOrder("sessionToken", "status", "output", "blocks");
      assertThat(payload.getString("sessionToken")).isEqualTo(token);
      assertThat(payload.getString("status")).isEqualTo("SUCCESS");
      assertThat(payload.getValue("output")).isEqualTo(view.getValue("output"));
      JsonArray blocks = payload.getJsonArray("blocks");
      assertThat(blocks).hasSize(2);
      JsonObject a = blocks.getJsonObject(0);
      assertThat(a.fieldNames()).containsExactlyInAnyOrder("id", "status", "result", "error");
      assertThat(a.getString("id")).isEqualTo("a");
      assertThat(a.getString("status")).isEqualTo("SUCCESS");
      assertThat(a.getJsonObject("result")).isEqualTo(new JsonObject().put("x", 1));
      assertThat(a.getValue("error")).isNull();
      assertThat(blocks.getJsonObject(1).getString("id")).isEqualTo("b");
    } finally {
      consumer.unregister();
    }
  }

  @Test
  void deliveries_pending_across_a_restart_are_delivered_after_it() throws Exception {
    int port = freePort();
    String url = "http://127.0.0.1:" + port + "/callback";
    TestServer nodeA = TestServer.start(CONFIG);
    String token;
    try {
      token = nodeA.api().submit(session(noop("a")).put("callback", new JsonObject().put("url", url))).getString("token");
      nodeA.api().awaitStatus(token, "SUCCESS");
      JsonObject failing = awaitDelivery(nodeA.api(), token, d -> d.getInteger("attempts") >= 2 && d.getString("lastError") != null);
      assertThat(failing.getString("status")).isEqualTo("PENDING");
      assertThat(failing.getString("nextAttemptAt")).isNotBlank();
    } finally {
      nodeA.close();
    }
    assertThat(nodeA.queryOne("select status from deliveries")).as("still pending while no node runs").isEqualTo("PENDING");

    Endpoint endpoint = Endpoint.start(port, n -> 200);
    try (TestServer nodeB = TestServer.start(nodeA.database(), CONFIG)) {
      JsonObject delivered = awaitDelivery(nodeB.api(), token, d -> "DELIVERED".equals(d.getString("status")));

      assertThat(delivered.getInteger("attempts")).isGreaterThanOrEqualTo(3);
      assertThat(endpoint.requests()).hasSize(1);
      assertThat(endpoint.requests().get(0).json().getString("sessionToken")).isEqualTo(token);
      assertThat(endpoint.requests().get(0).json().getString("status")).isEqualTo("SUCCESS");
    } finally {
      endpoint.close();
    }
  }

  @Test
  void an_http_callback_carries_an_hmac_sha256_signature_of_the_exact_body() throws Exception {
    Endpoint endpoint = Endpoint.start(0, n -> 200);
    try {
      String token = api.submit(session(echo("a", new JsonObject().put("café", "naïve")))
          .put("callback", new JsonObject().put("url", endpoint.url()))).getString("token");
      awaitDelivery(api, token, d -> "DELIVERED".equals(d.getString("status")));

      Request request = endpoint.requests().get(0);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(request.body()));
      assertThat(request.signature()).isEqualTo(expected);
      assertThat(request.json().getString("sessionToken")).isEqualTo(token);
      assertThat(request.contentType()).startsWith("application/json");
    } finally {
      endpoint.close();
    }
  }

  @Test
  void ack_stops_pending_deliveries() {
    Endpoint endpoint = Endpoint.start(0, n -> 500);
    try {
      String token = api.submit(session(noop("a")).put("callback", new JsonObject().put("url", endpoint.url()))).getString("token");
      JsonObject failing = awaitDelivery(api, token, d -> d.getInteger("attempts") >= 2 && d.getString("lastError") != null);
      Instant nextAttempt = Instant.parse(failing.getString("nextAttemptAt"));

      Api.Response ack = api.post("/v1/sessions/" + token + "/deliveries/ack", null);
      int receivedAtAck = endpoint.requests().size();

      assertThat(ack.status()).isEqualTo(200);
      assertThat(ack.json().getJsonArray("items").getJsonObject(0).getString("status")).isEqualTo("ACKED");
      node.clock().advance(Duration.between(node.clock().instant(), nextAttempt).plusSeconds(1));
      Api.sleep(200); // the moved clock woke the sender: an attempt would come now
      assertThat(endpoint.requests()).as("no attempt after the ack").hasSize(receivedAtAck);
      JsonObject view = api.get("/v1/sessions/" + token + "/deliveries").json().getJsonArray("items").getJsonObject(0);
      assertThat(view.getString("status")).isEqualTo("ACKED");
      assertThat(view.getValue("nextAttemptAt")).isNull();
    } finally {
      endpoint.close();
    }
  }

  @Test
  void a_paused_session_gets_a_delivery_with_status_paused_and_another_when_it_finishes() {
    Endpoint endpoint = Endpoint.start(0, n -> 200);
    try {
      String token = api.submit(session(echo("ask", new JsonObject().put("q", 1)).put("interrupt", true), noop("after"))
          .put("callback", new JsonObject().put("url", endpoint.url()))).getString("token");
      api.awaitStatus(token, "PAUSED");
      awaitDelivery(api, token, d -> "DELIVERED".equals(d.getString("status")));
      assertThat(endpoint.requests()).hasSize(1);
      JsonObject paused = endpoint.requests().get(0).json();
      assertThat(paused.getString("status")).isEqualTo("PAUSED");
      assertThat(paused.getJsonArray("blocks").getJsonObject(0).getJsonObject("result")).isEqualTo(new JsonObject().put("q", 1));

      assertThat(api.post("/v1/sessions/" + token + "/proceed", new JsonObject().put("data", new JsonObject())).status()).isEqualTo(200);
      api.awaitStatus(token, "SUCCESS");
      JsonArray items = awaitDeliveries(api, token, list -> list.size() == 2
          && list.stream().allMatch(d -> "DELIVERED".equals(((JsonObject) d).getString("status"))));

      assertThat(items.stream().map(d -> ((JsonObject) d).getString("sessionStatus"))).containsExactly("PAUSED", "SUCCESS");
      assertThat(endpoint.requests()).extracting(r -> r.json().getString("status")).containsExactly("PAUSED", "SUCCESS");
    } finally {
      endpoint.close();
    }
  }

  @Test
  void each_resting_state_is_delivered_once_to_each_target() throws Exception {
    Endpoint endpoint = Endpoint.start(0, n -> 200);
    String address = "app.states." + System.nanoTime();
    List<JsonObject> onBus = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> consumer = node.server().vertx().eventBus().consumer(address, m -> {
      onBus.add(m.body());
      m.reply(new JsonObject());
    });
    consumer.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    try {
      JsonObject callback = new JsonObject().put("url", endpoint.url()).put("address", address);
      JsonObject receipt = api.submit(session(fail("flaky", 1)).put("callback", callback));
      String token = receipt.getString("token");
      api.awaitStatus(token, "ERROR");
      awaitDeliveries(api, token, items -> items.size() == 2 && allDelivered(items));

      String flaky = receipt.getJsonArray("blocks").getJsonObject(0).getString("token");
      assertThat(api.post("/v1/blocks/" + flaky + "/replay", null).status()).isEqualTo(200);
      api.awaitStatus(token, "SUCCESS");
      JsonArray items = awaitDeliveries(api, token, list -> list.size() == 4 && allDelivered(list));

      assertThat(items.stream().map(d -> ((JsonObject) d).getString("kind") + " " + ((JsonObject) d).getString("sessionStatus")))
          .containsExactlyInAnyOrder("url ERROR", "address ERROR", "url SUCCESS", "address SUCCESS");
      assertThat(endpoint.requests()).extracting(r -> r.json().getString("status")).containsExactly("ERROR", "SUCCESS");
      assertThat(onBus).extracting(p -> p.getString("status")).containsExactly("ERROR", "SUCCESS");
    } finally {
      consumer.unregister();
      endpoint.close();
    }
  }

  @Test
  void blocker_and_cancelled_sessions_are_delivered_too() {
    Endpoint endpoint = Endpoint.start(0, n -> 200);
    try {
      String token = api.submit(session(fail("gate", null).put("blocker", true), noop("after"))
          .put("callback", new JsonObject().put("url", endpoint.url()))).getString("token");
      api.awaitStatus(token, "BLOCKER");
      awaitDeliveries(api, token, items -> items.size() == 1 && allDelivered(items));

      assertThat(api.post("/v1/sessions/" + token + "/cancel", null).status()).isEqualTo(200);
      JsonArray items = awaitDeliveries(api, token, list -> list.size() == 2 && allDelivered(list));

      assertThat(items.stream().map(d -> ((JsonObject) d).getString("sessionStatus"))).containsExactly("BLOCKER", "CANCELLED");
      assertThat(endpoint.requests()).extracting(r -> r.json().getString("status")).containsExactly("BLOCKER", "CANCELLED");
    } finally {
      endpoint.close();
    }
  }

  /**
   * Waits until the {@code failed}-th attempt failed and its retry is scheduled (not the send's
   * own lease, {@code DeliverySender.LEASE_MS}); returns how far ahead on the node's clock.
   */
  private static Duration awaitBackOff(String token, Endpoint endpoint, int failed) {
    JsonObject waiting = awaitDelivery(api, token, d -> d.getInteger("attempts") == failed
        && endpoint.requests().size() == failed && d.getString("lastError") != null
        && d.getString("nextAttemptAt") != null && Duration.between(node.clock().instant(), Instant.parse(d.getString("nextAttemptAt"))).toSeconds() < 10);
    return Duration.between(node.clock().instant(), Instant.parse(waiting.getString("nextAttemptAt")));
  }

  private static boolean allDelivered(JsonArray items) {
    return items.stream().allMatch(d -> "DELIVERED".equals(((JsonObject) d).getString("status")));
  }

  private static JsonObject awaitDelivery(Api api, String token, Predicate<JsonObject> condition) {
    return awaitDeliveries(api, token, items -> items.size() == 1 && condition.test(items.getJsonObject(0))).getJsonObject(0);
  }

  private static JsonArray awaitDeliveries(Api api, String token, Predicate<JsonArray> condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
    JsonArray items = api.get("/v1/sessions/" + token + "/deliveries").json().getJsonArray("items");
    while (!condition.test(items)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("deliveries of " + token + " never matched; last: " + items.encodePrettily());
      }
      Api.sleep(20);
      items = api.get("/v1/sessions/" + token + "/deliveries").json().getJsonArray("items");
    }
    return items;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /** One callback request as the endpoint received it. */
  record Request(long arrivedNanos, String signature, String contentType, byte[] body) {
    JsonObject json() {
      return new JsonObject(new String(body, StandardCharsets.UTF_8));
    }
  }

  /** A callback endpoint on 127.0.0.1 that records requests and answers the status chosen for the n-th (from 1). */
  static final class Endpoint implements AutoCloseable {
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;

    static Endpoint start(int port, IntUnaryOperator statusOfRequest) {
      Endpoint endpoint = new Endpoint();
      try {
        endpoint.server = vertx.createHttpServer().requestHandler(request -> {
          long arrived = System.nanoTime();
          request.body().onSuccess(body -> {
            endpoint.requests.add(new Request(arrived, request.getHeader("X-Blockline-Signature"),
                request.getHeader("Content-Type"), body.getBytes()));
            request.response().setStatusCode(statusOfRequest.applyAsInt(endpoint.requests.size())).end();
          });
        }).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("endpoint did not start", e);
      }
      return endpoint;
    }

    String url() {
      return "http://127.0.0.1:" + server.actualPort() + "/callback";
    }

    List<Request> requests() {
      return List.copyOf(requests);
    }

    @Override
    public void close() {
      try {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
