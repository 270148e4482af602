package io.blockline.http;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static io.blockline.testsupport.Sessions.echo;
import static io.blockline.testsupport.Sessions.fail;
import static io.blockline.testsupport.Sessions.fastRetry;
import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/** The read side over HTTP: the session list (filters, paging), the full block view, owner scoping. */
class ReadSideTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass();
  static final Api api = node.api();

  @Test
  void the_session_list_is_newest_first() {
    String owner = uniqueOwner();
    String first = submitOnRequest(owner, "first");
    String second = submitOnRequest(owner, "second");
    String third = submitOnRequest(owner, "third");

    JsonArray items = api.get("/v1/sessions?owner=" + owner).json().getJsonArray("items");

    assertThat(tokens(items)).containsExactly(third, second, first);
    JsonObject newest = items.getJsonObject(0);
    assertThat(newest.getString("name")).isEqualTo("third");
    assertThat(newest.getString("owner")).isEqualTo(owner);
    assertThat(newest.getString("status")).isEqualTo("STANDBY");
    assertThat(newest.getString("createdAt")).isNotBlank();
    assertThat(newest.containsKey("finishedAt")).isTrue();
    assertThat(newest.getLong("blockCount")).isEqualTo(1L);
  }

  @Test
  void blocks_false_answers_the_session_without_its_blocks_and_a_bad_value_changes_nothing() {
    String owner = uniqueOwner();
    String token = submitOnRequest(owner, "summary");

    Api.Response bad = api.post("/v1/sessions/" + token + "/run?blocks=maybe", null);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
    assertThat(bad.json().encode()).contains("blocks").contains("must be true or false");
    assertThat(api.get("/v1/sessions/" + token).json().getString("status")).isEqualTo("STANDBY");

    JsonObject started = api.post("/v1/sessions/" + token + "/run?blocks=false", null).json();
    assertThat(started.getString("token")).isEqualTo(token);
    assertThat(started.getString("owner")).isEqualTo(owner);
    assertThat(started.containsKey("blocks")).isFalse();
    api.awaitStatus(token, "SUCCESS");

    JsonObject summary = api.get("/v1/sessions/" + token + "?blocks=false").json();
    assertThat(summary.getString("status")).isEqualTo("SUCCESS");
    assertThat(summary.containsKey("blocks")).isFalse();
    assertThat(api.get("/v1/sessions/" + token + "?blocks=true").json().getJsonArray("blocks")).hasSize(1);
    assertThat(api.get("/v1/sessions/" + token + "?blocks=yes").status()).isEqualTo(400);
  }

  @Test
  void the_session_list_filters_by_status_owner_and_name() {
    String owner = uniqueOwner();
    String other = uniqueOwner();
    String waiting = submitOnRequest(owner, "waiting");
    String done = api.submit(session(noop("a")).put("owner", owner).put("name", "done")).getString("token");
    String foreign = submitOnRequest(other, "waiting");
    api.awaitStatus(done, "SUCCESS");

    assertThat(listTokens("?owner=" + owner)).containsExactly(done, waiting);
    assertThat(listTokens("?owner=" + owner + "&status=SUCCESS")).containsExactly(done);
    assertThat(listTokens("?owner=" + owner + "&status=STANDBY")).containsExactly(waiting);
    assertThat(listTokens("?owner=" + owner + "&name=waiting")).containsExactly(waiting);
    assertThat(listTokens("?name=waiting")).contains(waiting, foreign).doesNotContain(done);
    assertThat(listTokens("?owner=" + other)).containsExactly(foreign);
    JsonObject finished = api.get("/v1/sessions?owner=" + owner + "&status=SUCCESS").json().getJsonArray("items").getJsonObject(0);
    assertThat(finished.getString("finishedAt")).isNotBlank();
  }

  @Test
  void cursor_paging_returns_every_session_exactly_once_and_ends_with_a_null_cursor() {
    String owner = uniqueOwner();
    List<String> submitted = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      submitted.add(0, submitOnRequest(owner, "page-" + i));
    }

    List<String> seen = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 10; page++) {
      JsonObject body = api.get("/v1/sessions?owner=" + owner + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).json();
      pageSizes.add(body.getJsonArray("items").size());
      seen.addAll(tokens(body.getJsonArray("items")));
      assertThat(body.containsKey("nextCursor")).isTrue();
      cursor = body.getString("nextCursor");
      if (cursor == null) {
        break;
      }
    }

    assertThat(cursor).as("the last page has no next cursor").isNull();
    assertThat(pageSizes).containsExactly(2, 2, 1);
    assertThat(seen).containsExactlyElementsOf(submitted);
  }

  @Test
  void a_bad_limit_answers_400() {
    for (String limit : List.of("0", "-1", "abc", "501")) {
      Api.Response r = api.get("/v1/sessions?limit=" + limit);
      SubmitValidationTest.assertProblem(r, 400);
      assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("limit");
    }
    SubmitValidationTest.assertProblem(api.get("/v1/sessions?cursor=not-a-cursor"), 400);
    SubmitValidationTest.assertProblem(api.get("/v1/sessions?status=HAPPY"), 400);
  }

  @Test
  void the_full_block_view_has_params_dataset_runs_and_activity_lines() {
    JsonObject receipt = api.submit(session(
        fail("flaky", 1).put("retry", fastRetry(3)),
        echo("items", new JsonObject().put("k", "v"))
            .put("dataset", new JsonArray().add(new JsonObject().put("n", 1)).add(new JsonObject().put("n", 2)))));
    api.awaitStatus(receipt.getString("token"), "SUCCESS");
    String flakyToken = receipt.getJsonArray("blocks").getJsonObject(0).getString("token");
    String itemsToken = receipt.getJsonArray("blocks").getJsonObject(1).getString("token");

    JsonObject flaky = awaitBlock(flakyToken, v -> lines(v, "ERROR").size() == 1);

    assertThat(flaky.getJsonObject("params")).isEqualTo(new JsonObject().put("message", "planned failure").put("times", 1));
    assertThat(flaky.containsKey("dataset")).isTrue();
    assertThat(flaky.getValue("dataset")).isNull();
    JsonArray runs = flaky.getJsonArray("runs");
    assertThat(runs).hasSize(2);
    JsonObject failed = runs.getJsonObject(0);
    assertThat(failed.getInteger("attempt")).isEqualTo(1);
    assertThat(failed.containsKey("item")).isTrue();
    assertThat(failed.getValue("item")).isNull();
    assertThat(failed.getString("startedAt")).isNotBlank();
    assertThat(failed.getString("finishedAt")).isNotBlank();
    assertThat(failed.getString("status")).isEqualTo("ERROR");
    assertThat(failed.getJsonObject("error").getString("code")).isEqualTo("FAILED");
    assertThat(failed.getJsonObject("error").getString("message")).isEqualTo("planned failure");
    JsonObject succeeded = runs.getJsonObject(1);
    assertThat(succeeded.getInteger("attempt")).isEqualTo(2);
    assertThat(succeeded.getString("status")).isEqualTo("SUCCESS");
    assertThat(succeeded.getValue("error")).isNull();

    JsonArray activity = flaky.getJsonArray("activity");
    for (Object line : activity) {
      assertThat(((JsonObject) line).getString("at")).isNotBlank();
      assertThat(((JsonObject) line).getString("line")).isNotBlank();
    }
    assertThat(lines(flaky, "STARTING")).hasSize(2);
    assertThat(lines(flaky, "ENDING")).hasSize(2);
    assertThat(lines(flaky, "ERROR")).hasSize(1);
    assertThat(levels(activity)).as("activity in the order it happened: %s", activity.encodePrettily())
        .containsExactly("STARTING", "ERROR", "ENDING", "STARTING", "ENDING");

    JsonObject items = api.block(itemsToken);
    assertThat(items.getJsonObject("params")).isEqualTo(new JsonObject().put("k", "v"));
    assertThat(items.getJsonArray("dataset")).hasSize(2);
    JsonArray itemRuns = items.getJsonArray("runs");
    assertThat(itemRuns).hasSize(2);
    assertThat(itemRuns.getJsonObject(0).getInteger("item")).isZero();
    assertThat(itemRuns.getJsonObject(1).getInteger("item")).isEqualTo(1);
    assertThat(itemRuns.getJsonObject(0).getInteger("attempt")).isEqualTo(1);
    assertThat(lines(items, "STARTING")).hasSize(2);
    assertThat(lines(items, "ENDING")).hasSize(2);
  }

  @Test
  void the_plain_block_view_leaves_out_runs_and_activity() {
    JsonObject receipt = api.submit(session(noop("a")));
    api.awaitStatus(receipt.getString("token"), "SUCCESS");

    JsonObject view = api.get("/v1/blocks/" + receipt.getJsonArray("blocks").getJsonObject(0).getString("token")).json();

    assertThat(view.getString("status")).isEqualTo("SUCCESS");
    assertThat(view.getString("id")).isEqualTo("a");
    assertThat(view.containsKey("runs")).isFalse();
    assertThat(view.containsKey("activity")).isFalse();
  }

  @Test
  void a_session_of_alice_is_404_for_bob() {
    JsonObject receipt = api.submit(session(noop("a")).put("executionTime", "ON_REQUEST").put("owner", "alice"));
    String token = receipt.getString("token");
    String block = receipt.getJsonArray("blocks").getJsonObject(0).getString("token");

    SubmitValidationTest.assertProblem(as("bob", "/v1/sessions/" + token), 404);
    SubmitValidationTest.assertProblem(as("bob", "/v1/blocks/" + block + "?full=true"), 404);
    assertThat(tokens(as("bob", "/v1/sessions").json().getJsonArray("items"))).doesNotContain(token);
    SubmitValidationTest.assertProblem(asBob("/v1/sessions/" + token + "/run", "POST"), 404);
    SubmitValidationTest.assertProblem(asBob("/v1/sessions/" + token + "/cancel", "POST"), 404);
    SubmitValidationTest.assertProblem(asBob("/v1/blocks/" + block + "/cancel", "POST"), 404);
    SubmitValidationTest.assertProblem(asBob("/v1/sessions/" + token, "DELETE"), 404);

    assertThat(as("alice", "/v1/sessions/" + token).status()).isEqualTo(200);
    assertThat(as("alice", "/v1/blocks/" + block).status()).isEqualTo(200);
    assertThat(tokens(as("alice", "/v1/sessions").json().getJsonArray("items"))).contains(token);
    JsonObject untouched = api.session(token);
    assertThat(untouched.getString("status")).as("bob's calls changed nothing").isEqualTo("STANDBY");
    assertThat(untouched.getString("startedAt")).isNull();
    assertThat(Api.blockOf(untouched, "a").getString("status")).isEqualTo("STANDBY");
  }

  private static Api.Response as(String owner, String path) {
    return api.send(HttpRequest.newBuilder(URI.create(api.base() + path)).header("X-Blockline-Owner", owner).GET());
  }

  private static Api.Response asBob(String path, String method) {
    return api.send(HttpRequest.newBuilder(URI.create(api.base() + path)).header("X-Blockline-Owner", "bob")
        .method(method, HttpRequest.BodyPublishers.noBody()));
  }

  private static String submitOnRequest(String owner, String name) {
    return api.submit(session(noop("a")).put("executionTime", "ON_REQUEST").put("owner", owner).put("name", name))
        .getString("token");
  }

  private static String uniqueOwner() {
    return "owner-" + UUID.randomUUID();
  }

  private static List<String> listTokens(String query) {
    return tokens(api.get("/v1/sessions" + query).json().getJsonArray("items"));
  }

  private static List<String> tokens(JsonArray items) {
    return items.stream().map(i -> ((JsonObject) i).getString("token")).toList();
  }

  private static List<String> levels(JsonArray activity) {
    return activity.stream().map(l -> ((JsonObject) l).getString("level")).toList();
  }

  private static List<JsonObject> lines(JsonObject blockView, String level) {
    return blockView.getJsonArray("activity").stream().map(l -> (JsonObject) l)
        .filter(l -> level.equals(l.getString("level"))).toList();
  }

  private static JsonObject awaitBlock(String token, Predicate<JsonObject> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    JsonObject view = api.block(token);
    while (!condition.test(view)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("block " + token + " never reached the expected state; last view: " + view.encodePrettily());
      }
      Api.sleep(20);
      view = api.block(token);
    }
    return view;
  }

  @Test
  void a_caller_scoped_to_an_owner_cannot_submit_for_another_owner() {
    Api.Response r = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/v1/sessions"))
        .header("X-Blockline-Owner", "bob").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(session(noop("a")).put("owner", "alice").encode())));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("owner");

    Api.Response own = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/v1/sessions"))
        .header("X-Blockline-Owner", "bob").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(session(noop("a")).encode())));
    assertThat(own.status()).isEqualTo(201);
    assertThat(api.session(own.json().getString("token")).getString("owner")).isEqualTo("bob");
  }
}
