package io.blockline.http;

import io.blockline.api.Addresses;
import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Idempotency-Key}: a retried submit gets the first one's session, a different body with
 * the same key a 409, and concurrent submits with one key store one session; per owner, and on
 * the event bus as {@code idempotencyKey}.
 */
class IdempotentSubmitTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass();

  private static JsonObject session(String name) {
    return new JsonObject().put("name", name).put("blocks", new JsonArray()
        .add(new JsonObject().put("id", "a").put("handler", new JsonObject().put("type", "builtin").put("name", "noop"))));
  }

  private static Api.Response submit(JsonObject body, String key, String owner) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.api().base() + "/v1/sessions"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.encode(body)));
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    if (owner != null) {
      b.header("X-Blockline-Owner", owner);
    }
    return node.api().send(b);
  }

  private int sessionsNamed(String name) {
    return Integer.parseInt(node.queryOne("SELECT count(*) FROM sessions WHERE name = '" + name + "'"));
  }

  @Test
  void a_retried_submit_gets_the_first_session_back() {
    Api.Response first = submit(session("retried"), "order-1", null);
    Api.Response again = submit(session("retried"), "order-1", null);
    assertThat(first.status()).isEqualTo(201);
    assertThat(first.header("Idempotent-Replayed")).isNull();
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.json().getString("token")).isEqualTo(first.json().getString("token"));
    assertThat(again.json().getJsonArray("blocks")).isEqualTo(first.json().getJsonArray("blocks"));
    assertThat(sessionsNamed("retried")).isEqualTo(1);
    node.api().awaitStatus(first.json().getString("token"), "SUCCESS");
  }

  @Test
  void the_same_key_with_another_body_is_a_409_that_stores_nothing() {
    assertThat(submit(session("first body"), "order-2", null).status()).isEqualTo(201);
    Api.Response other = submit(session("second body"), "order-2", null);
    assertThat(other.status()).isEqualTo(409);
    assertThat(other.json().getString("detail")).contains("order-2").contains("different body");
    assertThat(sessionsNamed("second body")).isZero();
  }

  @Test
  void keys_are_unique_per_owner() {
    Api.Response alice = submit(session("per owner"), "order-3", "alice");
    Api.Response bob = submit(session("per owner"), "order-3", "bob");
    assertThat(alice.status()).isEqualTo(201);
    assertThat(bob.status()).isEqualTo(201);
    assertThat(bob.json().getString("token")).isNotEqualTo(alice.json().getString("token"));
  }

  @Test
  void concurrent_submits_with_one_key_store_one_session() throws Exception {
    List<CompletableFuture<Api.Response>> calls = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      calls.add(CompletableFuture.supplyAsync(() -> submit(session("raced"), "order-4", null)));
    }
    Set<String> tokens = new HashSet<>();
    int created = 0;
    for (CompletableFuture<Api.Response> call : calls) {
      Api.Response r = call.get(60, TimeUnit.SECONDS);
      assertThat(r.status()).as(String.valueOf(r.body())).isIn(200, 201);
      created += r.status() == 201 ? 1 : 0;
      tokens.add(r.json().getString("token"));
    }
    assertThat(created).isEqualTo(1);
    assertThat(tokens).hasSize(1);
    assertThat(sessionsNamed("raced")).isEqualTo(1);
  }

  @Test
  void a_bad_key_is_a_400_and_the_event_bus_takes_the_field() {
    Api.Response bad = submit(session("bad key"), "has space", null);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("idempotencyKey");
    assertThat(sessionsNamed("bad key")).isZero();

    JsonObject body = session("over the bus").put("idempotencyKey", "order-5");
    var bus = node.server().vertx().eventBus();
    JsonObject first = await(bus.<JsonObject>request(Addresses.SESSIONS_SUBMIT, body.copy()).map(m -> m.body()));
    JsonObject again = await(bus.<JsonObject>request(Addresses.SESSIONS_SUBMIT, body.copy()).map(m -> m.body()));
    assertThat(again.getString("token")).isEqualTo(first.getString("token"));
    assertThat(again.getBoolean("replayed")).isTrue();
    Throwable conflict = await(bus.request(Addresses.SESSIONS_SUBMIT, session("another").put("idempotencyKey", "order-5"))
        .<Throwable>map(m -> null).recover(Future::succeededFuture));
    assertThat(conflict).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) conflict).failureCode()).isEqualTo(409);
  }

  @Test
  void keys_older_than_a_day_are_free_again() {
    JsonObject body = session("a day later");
    String first = submit(body, "order-6", null).json().getString("token");
    node.execute("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'order-6'");
    Api.Response later = submit(body, "order-6", null);
    assertThat(later.status()).isEqualTo(201);
    assertThat(later.json().getString("token")).isNotEqualTo(first);
  }

  private static <T> T await(Future<T> f) {
    return f.toCompletionStage().toCompletableFuture().orTimeout(20, TimeUnit.SECONDS).join();
  }
}
