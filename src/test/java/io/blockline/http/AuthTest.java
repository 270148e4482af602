package io.blockline.http;

import io.blockline.testsupport.AdminKeys;
import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auth.enabled}: the first admin key written to its file, keys created, listed and revoked
 * by admin keys only, and every {@code /v1} route enforced for two owners: no key → 401, a scope
 * the key lacks → 403, another owner's token → 404.
 */
class AuthTest {
  private static final Path KEY_FILE = AdminKeys.freshFile();

  @RegisterExtension
  static final TestServer node = TestServer.perClass(new JsonObject()
      .put("auth.enabled", true).put("auth.cacheMs", 200).put("auth.adminKeyFile", KEY_FILE.toString()));

  private static String admin;
  private static String alice;
  private static String aliceReader;
  private static String bob;
  private static JsonObject aliceSession;
  private static JsonObject bobSession;

  @BeforeAll
  static void keys() throws Exception {
    admin = AdminKeys.read(KEY_FILE);
    alice = create("alice", "submit", "read");
    aliceReader = create("alice", "read");
    bob = create("bob", "submit", "read");
    aliceSession = submit(alice, "alice's");
    bobSession = submit(bob, "bob's");
  }

  private static String create(String owner, String... scopes) {
    Api.Response r = call("POST", "/v1/keys", admin, new JsonObject().put("owner", owner).put("scopes", new JsonArray(List.of(scopes))));
    assertThat(r.status()).as(r.body() == null ? "" : r.body().toString()).isEqualTo(201);
    return r.json().getString("key");
  }

  private static JsonObject submit(String key, String name) {
    Api.Response r = call("POST", "/v1/sessions?wait=10s", key, new JsonObject().put("name", name)
        .put("blocks", new JsonArray().add(new JsonObject().put("id", "a").put("handler", new JsonObject()
            .put("type", "builtin").put("name", "fail")))));
    assertThat(r.status()).as(String.valueOf(r.body())).isIn(200, 202);
    return r.json();
  }

  private static Api.Response call(String method, String path, String key, Object body) {
    return call(method, path, key, body, null);
  }

  private static Api.Response call(String method, String path, String key, Object body, String ownerHeader) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.api().base() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(Json.encode(body)))
        .header("Content-Type", "application/json");
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    if (ownerHeader != null) {
      b.header("X-Blockline-Owner", ownerHeader);
    }
    if (path.endsWith("/events")) {
      b.timeout(Duration.ofSeconds(5));
    }
    return node.api().send(b);
  }

  @Test
  void the_first_admin_key_is_written_to_an_owner_only_file() throws Exception {
    assertThat(admin).matches("blk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(KEY_FILE))).isEqualTo("rw-------");
    assertThat(node.queryOne("SELECT count(*) FROM api_keys WHERE 'admin' = ANY(scopes)")).isEqualTo("1");
    assertThat(node.queryOne("SELECT count(*) FROM api_keys WHERE encode(hash, 'hex') LIKE '%' || prefix || '%'"))
        .as("only the hash is stored").isEqualTo("0");
  }

  @Test
  void without_a_valid_key_every_v1_route_is_401() {
    for (String key : new String[] {null, "not-a-key", "blk_00000000_" + "A".repeat(43)}) {
      Api.Response r = call("GET", "/v1/sessions", key, null);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
      assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
      assertThat(r.json().getString("detail")).isNotBlank();
    }
    assertThat(call("POST", "/v1/sessions", null, new JsonObject()).status()).isEqualTo(401);
    assertThat(node.api().get("/health").status()).as("health stays open").isEqualTo(200);
  }

  @Test
  void every_route_is_enforced_for_two_owners() {
    String aToken = aliceSession.getString("token");
    String bToken = bobSession.getString("token");
    String aBlock = aliceSession.getJsonArray("blocks").getJsonObject(0).getString("token");
    String bBlock = bobSession.getJsonArray("blocks").getJsonObject(0).getString("token");
    List<String[]> routes = List.of(
        new String[] {"GET", "/v1/sessions/%s", "session"},
        new String[] {"GET", "/v1/sessions/%s/deliveries", "session"},
        new String[] {"GET", "/v1/sessions/%s/events", "session"},
        new String[] {"POST", "/v1/sessions/%s/run", "session"},
        new String[] {"POST", "/v1/sessions/%s/proceed", "session"},
        new String[] {"POST", "/v1/sessions/%s/deliveries/ack", "session"},
        new String[] {"POST", "/v1/sessions/%s/cancel", "session"},
        new String[] {"DELETE", "/v1/sessions/%s", "session"},
        new String[] {"GET", "/v1/blocks/%s", "block"},
        new String[] {"GET", "/v1/blocks/%s/output", "block"},
        new String[] {"POST", "/v1/blocks/%s/replay", "block"},
        new String[] {"POST", "/v1/blocks/%s/cancel", "block"});
    List<String> failures = new ArrayList<>();
    for (String[] route : routes) {
      boolean write = !route[0].equals("GET");
      for (String[] who : new String[][] {{alice, aToken, aBlock, bToken, bBlock}, {bob, bToken, bBlock, aToken, aBlock}}) {
        String own = route[2].equals("session") ? who[1] : who[2];
        String other = route[2].equals("session") ? who[3] : who[4];
        expect(failures, route[0], route[1].formatted(own), null, 401);
        expect(failures, route[0], route[1].formatted(other), who[0], 404);
        if (write) {
          expect(failures, route[0], route[1].formatted(own), aliceReader, 403);
        }
      }
    }
    expect(failures, "POST", "/v1/sessions", aliceReader, 403);
    expect(failures, "POST", "/v1/mock", aliceReader, 403);
    expect(failures, "GET", "/v1/keys", alice, 403);
    expect(failures, "POST", "/v1/keys", bob, 403);
    assertThat(failures).isEmpty();
    // The owner's own session is visible to the owner's keys, read scope included.
    assertThat(call("GET", "/v1/sessions/" + aToken, aliceReader, null).status()).isEqualTo(200);
    assertThat(call("GET", "/v1/blocks/" + aBlock, alice, null).status()).isEqualTo(200);
  }

  private static void expect(List<String> failures, String method, String path, String key, int status) {
    Api.Response r = call(method, path, key, method.equals("GET") || method.equals("DELETE") ? null : new JsonObject());
    if (r.status() != status) {
      failures.add(method + " " + path + " with " + (key == null ? "no key" : key.substring(0, 12)) + ": " + r.status()
          + " (expected " + status + ") " + r.body());
    }
  }

  @Test
  void lists_are_scoped_to_the_keys_owner_and_only_admins_name_another() {
    JsonArray alices = call("GET", "/v1/sessions?limit=100", alice, null).json().getJsonArray("items");
    assertThat(alices.stream().map(s -> ((JsonObject) s).getString("owner"))).containsOnly("alice");
    assertThat(call("GET", "/v1/sessions", alice, null, "bob").status()).isEqualTo(403);
    assertThat(call("GET", "/v1/sessions", alice, null, "alice").status()).isEqualTo(200);
    JsonArray bobs = call("GET", "/v1/sessions?limit=100", admin, null, "bob").json().getJsonArray("items");
    assertThat(bobs.stream().map(s -> ((JsonObject) s).getString("owner"))).containsOnly("bob");
    JsonArray all = call("GET", "/v1/sessions?limit=100", admin, null).json().getJsonArray("items");
    assertThat(all.stream().map(s -> ((JsonObject) s).getString("owner"))).contains("alice", "bob");
    Api.Response spoof = call("POST", "/v1/sessions", alice, new JsonObject().put("owner", "bob")
        .put("blocks", new JsonArray().add(new JsonObject().put("handler", new JsonObject().put("type", "builtin").put("name", "noop")))));
    assertThat(spoof.status()).isEqualTo(400);
    assertThat(spoof.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("owner");
  }

  @Test
  void keys_are_listed_without_secrets_and_record_their_last_use() {
    call("GET", "/v1/sessions", bob, null);
    JsonArray keys = call("GET", "/v1/keys?owner=bob", admin, null).json().getJsonArray("keys");
    assertThat(keys).hasSize(1);
    JsonObject listed = keys.getJsonObject(0);
    assertThat(listed.getString("prefix")).isEqualTo(bob.substring(4, 12));
    assertThat(listed.getString("lastUsedAt")).isNotNull();
    assertThat(listed.encode()).doesNotContain(bob.substring(13));
    assertThat(listed.containsKey("key")).isFalse();
  }

  @Test
  void a_bad_key_request_is_a_400_naming_each_field() {
    Api.Response r = call("POST", "/v1/keys", admin, new JsonObject().put("owner", "has space").put("scopes", new JsonArray().add("write")));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
        .containsExactly("owner", "scopes");
    assertThat(call("POST", "/v1/keys", admin, new JsonObject().put("owner", "x")).status()).isEqualTo(400);
    assertThat(call("DELETE", "/v1/keys/ffffffff", admin, null).status()).isEqualTo(404);
  }

  @Test
  void a_revoked_key_stops_working_within_the_cache_period() {
    String doomed = create("carol", "read");
    assertThat(call("GET", "/v1/sessions", doomed, null).status()).isEqualTo(200);
    assertThat(call("DELETE", "/v1/keys/" + doomed.substring(4, 12), admin, null).status()).isEqualTo(200);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    int status;
    do {
      Api.sleep(50);
      status = call("GET", "/v1/sessions", doomed, null).status();
    } while (status == 200 && System.nanoTime() < deadline);
    assertThat(status).isEqualTo(401);
  }
}
