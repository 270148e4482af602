package io.blockline.bus;

import io.blockline.api.Addresses;
import io.blockline.testsupport.AdminKeys;
import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code auth.eventBus}: event-bus API calls need a key in the {@code authorization} header, the
 * key's owner replaces the body's, scopes hold as over HTTP, and HTTP calls (which go through the
 * bus) pass their caller's key on. Other addresses (handlers, events) are not checked.
 */
class EventBusAuthTest {
  private static final Path KEY_FILE = AdminKeys.freshFile();

  @RegisterExtension
  static final TestServer node = TestServer.perClass(new JsonObject()
      .put("auth.eventBus", true).put("auth.cacheMs", 200).put("auth.adminKeyFile", KEY_FILE.toString()));

  private static String admin;
  private static String alice;
  private static String aliceReader;
  private static String bob;

  @BeforeAll
  static void keys() throws Exception {
    admin = AdminKeys.read(KEY_FILE);
    alice = create("alice", "submit", "read");
    aliceReader = create("alice", "read");
    bob = create("bob", "submit", "read");
  }

  private static String create(String owner, String... scopes) throws Exception {
    return call(Addresses.KEYS_CREATE, admin, new JsonObject().put("owner", owner)
        .put("scopes", new JsonArray(List.of(scopes)))).getString("key");
  }

  private static JsonObject call(String address, String key, JsonObject body) throws Exception {
    DeliveryOptions options = new DeliveryOptions();
    if (key != null) {
      options.addHeader(Addresses.AUTHORIZATION_HEADER, "Bearer " + key);
    }
    return node.server().vertx().eventBus().<JsonObject>request(address, body, options)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
  }

  private static int failureCode(String address, String key, JsonObject body) {
    Throwable[] caught = new Throwable[1];
    assertThatThrownBy(() -> call(address, key, body)).satisfies(e -> caught[0] = e.getCause());
    assertThat(caught[0]).isInstanceOf(ReplyException.class);
    return ((ReplyException) caught[0]).failureCode();
  }

  private static JsonObject session(String owner) {
    JsonObject session = new JsonObject().put("blocks", new JsonArray().add(new JsonObject()
        .put("handler", new JsonObject().put("type", "builtin").put("name", "noop"))));
    return owner == null ? session : session.put("owner", owner);
  }

  @Test
  void a_call_without_a_key_or_with_an_unknown_one_is_refused_with_401() {
    assertThat(failureCode(Addresses.SESSIONS_SUBMIT, null, session(null))).isEqualTo(401);
    assertThat(failureCode(Addresses.SESSIONS_LIST, "blk_00000000_nope", new JsonObject())).isEqualTo(401);
    assertThat(node.queryOne("SELECT count(*) FROM sessions WHERE owner IS NULL")).isEqualTo("0");
  }

  @Test
  void the_keys_owner_replaces_the_body_and_scopes_and_owners_are_enforced() throws Exception {
    String token = call(Addresses.SESSIONS_SUBMIT, alice, session("bob")).getString("token");

    assertThat(node.queryOne("SELECT owner FROM sessions WHERE token = '" + token + "'")).isEqualTo("alice");
    assertThat(call(Addresses.SESSIONS_GET, aliceReader, new JsonObject().put("token", token)).getString("token"))
        .isEqualTo(token);
    assertThat(failureCode(Addresses.SESSIONS_SUBMIT, aliceReader, session(null))).as("read-only key").isEqualTo(403);
    assertThat(failureCode(Addresses.SESSIONS_GET, bob, new JsonObject().put("token", token).put("owner", "alice")))
        .as("another owner's session, whatever the body says").isEqualTo(404);
    assertThat(failureCode(Addresses.KEYS_LIST, alice, new JsonObject())).as("keys are for admins").isEqualTo(403);
    assertThat(call(Addresses.SESSIONS_GET, admin, new JsonObject().put("token", token)).getString("token"))
        .as("an admin key sees every owner").isEqualTo(token);
  }

  @Test
  void http_calls_pass_their_key_on() {
    Api api = node.api();
    assertThat(api.get("/v1/sessions").status()).isEqualTo(401);
    Api.Response mine = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/v1/sessions?wait=10s"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + bob)
        .POST(HttpRequest.BodyPublishers.ofString(session("alice").encode())));
    assertThat(mine.status()).isEqualTo(200);
    assertThat(mine.json().getString("status")).as("the session ran: handler calls are not checked").isEqualTo("SUCCESS");
    assertThat(mine.json().getString("owner")).isEqualTo("bob");
  }

  @Test
  void the_java_client_carries_its_key() throws Exception {
    io.blockline.client.BlocklineClient client = io.blockline.client.Blockline.client(node.server().vertx(), alice);
    String token = client.submit(session(null)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).token();

    assertThat(node.queryOne("SELECT owner FROM sessions WHERE token = '" + token + "'")).isEqualTo("alice");
    assertThatThrownBy(() -> io.blockline.client.Blockline.client(node.server().vertx()).get(token)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(ReplyException.class).hasMessageContaining("API key is required");
  }
}
