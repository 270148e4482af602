package io.blockline.http;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static io.blockline.testsupport.Sessions.sleep;
import static org.assertj.core.api.Assertions.assertThat;

/** The error side of the HTTP API: 400 listing every bad field, 413, 404 and 409, all as problem+json. */
class SubmitValidationTest {
  private static final int MAX_BODY_BYTES = 2048;
  @RegisterExtension
  static final TestServer node = TestServer.perClass(new JsonObject().put("http.maxBodyBytes", MAX_BODY_BYTES));
  static final Api api = node.api();

  @Test
  void an_invalid_submit_answers_400_listing_every_invalid_field_at_once() {
    JsonObject body = new JsonObject()
        .put("name", 5)
        .put("colour", "red")
        .put("executionTime", "TOMORROW")
        .put("priority", 101)
        .put("maxParallel", 2)
        .put("blocks", new JsonArray()
            .add(new JsonObject().put("id", "fetch").put("handler", builtin("explode"))
                .put("blocker", "yes").put("priority", -1))
            .add(new JsonObject().put("id", "bad id!").put("handler", new JsonObject().put("type", "eventbus"))
                .put("delayMs", -1))
            .add(new JsonObject().put("id", "FETCH")
                .put("handler", new JsonObject().put("type", "http").put("url", "not a url"))
                .put("timeoutMs", 0))
            .add(new JsonObject().put("id", "uses").put("handler", builtin("noop").put("extra", 1))
                .put("require", new JsonArray().add("ghost").add("late"))
                .put("retry", new JsonObject().put("maxAttempts", 0))
                .put("dataset", new JsonObject().put("n", 1)))
            .add(new JsonObject().put("id", "late").put("handler", new JsonObject().put("type", "command"))
                .put("colour", "blue")));
    assertThat(body.encode().length()).as("fits http.maxBodyBytes").isLessThan(MAX_BODY_BYTES);
    int sessionsBefore = storedSessions();
    int listedBefore = listedSessions();

    Api.Response r = api.post("/v1/sessions", body);

    assertProblem(r, 400);
    List<String> fields = fields(r);
    assertThat(fields).contains(
        "colour",                          // unknown field
        "name",                            // wrong type
        "executionTime",                   // not an execution time
        "priority",                        // out of 0..100
        "maxParallel",                     // outside parallel mode
        "blocks[0].handler.name",          // builtin that does not exist
        "blocks[0].blocker",               // wrong type
        "blocks[0].priority",              // out of 0..100
        "blocks[1].id",                    // id pattern
        "blocks[1].handler.address",       // eventbus handler without address
        "blocks[1].delayMs",               // < 0
        "blocks[2].id",                    // duplicates "fetch", case-insensitive
        "blocks[2].handler.url",           // http handler without a URL
        "blocks[2].timeoutMs",             // 0
        "blocks[3].handler.extra",         // unknown handler field
        "blocks[3].require[0]",            // unknown block
        "blocks[3].require[1]",            // a later block
        "blocks[3].retry.maxAttempts",     // 0
        "blocks[3].dataset",               // not an array
        "blocks[4].colour",                // unknown block field
        "blocks[4].handler.type",          // command handlers disabled
        "blocks[4].handler.argv");         // command handler without argv
    for (Object e : r.json().getJsonArray("errors")) {
      assertThat(((JsonObject) e).getString("message")).as("message of %s", e).isNotBlank();
    }
    assertThat(storedSessions()).as("a rejected submit stores nothing").isEqualTo(sessionsBefore);
    assertThat(listedSessions()).isEqualTo(listedBefore);
  }

  @Test
  void a_submit_with_one_bad_block_among_good_ones_stores_nothing() {
    int sessionsBefore = storedSessions();
    String blocksBefore = node.queryOne("select count(*) from blocks");
    JsonObject body = session(noop("a"), noop("b"), noop("c").put("timeoutMs", 0)).put("name", "half-valid");

    Api.Response r = api.post("/v1/sessions", body);

    assertProblem(r, 400);
    assertThat(fields(r)).containsExactly("blocks[2].timeoutMs");
    assertThat(api.get("/v1/sessions?name=half-valid").json().getJsonArray("items")).isEmpty();
    assertThat(storedSessions()).isEqualTo(sessionsBefore);
    assertThat(node.queryOne("select count(*) from blocks")).isEqualTo(blocksBefore);
  }

  @Test
  void a_body_that_is_not_json_answers_400() {
    int sessionsBefore = storedSessions();

    Api.Response notJson = api.post("/v1/sessions", "{\"blocks\": [ this is not json");
    Api.Response notAnObject = api.post("/v1/sessions", "[1, 2, 3]");
    Api.Response empty = api.post("/v1/sessions", "");

    for (Api.Response r : List.of(notJson, notAnObject, empty)) {
      assertProblem(r, 400);
      assertThat(fields(r)).containsExactly("body");
    }
    assertThat(storedSessions()).isEqualTo(sessionsBefore);
  }

  @Test
  void a_body_over_max_body_bytes_answers_413_problem() {
    int sessionsBefore = storedSessions();
    JsonObject big = session(noop("a")).put("metadata", new JsonObject().put("padding", "x".repeat(MAX_BODY_BYTES * 2)));

    Api.Response r = api.post("/v1/sessions", big);

    assertProblem(r, 413);
    assertThat(storedSessions()).isEqualTo(sessionsBefore);
  }

  @Test
  void unknown_session_and_block_tokens_answer_404_problem() {
    String unknown = "no-such-token-0123456789";

    assertProblem(api.get("/v1/sessions/" + unknown), 404);
    assertProblem(api.post("/v1/sessions/" + unknown + "/run", null), 404);
    assertProblem(api.post("/v1/sessions/" + unknown + "/cancel", null), 404);
    assertProblem(api.delete("/v1/sessions/" + unknown), 404);
    assertProblem(api.get("/v1/blocks/" + unknown), 404);
    assertProblem(api.get("/v1/blocks/" + unknown + "?full=true"), 404);
    assertProblem(api.post("/v1/blocks/" + unknown + "/replay", null), 404);
  }

  @Test
  void replay_of_a_success_block_answers_409_and_changes_nothing() {
    JsonObject receipt = api.submit(session(noop("done")));
    api.awaitStatus(receipt.getString("token"), "SUCCESS");
    String block = receipt.getJsonArray("blocks").getJsonObject(0).getString("token");

    Api.Response r = api.post("/v1/blocks/" + block + "/replay", null);

    assertProblem(r, 409);
    JsonObject view = api.block(block);
    assertThat(view.getString("status")).isEqualTo("SUCCESS");
    assertThat(view.getInteger("replayCount")).isZero();
    assertThat(view.getInteger("attempts")).isEqualTo(1);
  }

  @Test
  void replay_of_a_running_block_answers_409() {
    JsonObject receipt = api.submit(session(sleep("busy", 5000)));
    String token = receipt.getString("token");
    String block = receipt.getJsonArray("blocks").getJsonObject(0).getString("token");
    api.awaitSession(token, v -> "RUNNING".equals(Api.blockOf(v, "busy").getString("status")), Duration.ofSeconds(10));

    Api.Response r = api.post("/v1/blocks/" + block + "/replay", null);

    assertProblem(r, 409);
    assertThat(api.block(block).getInteger("replayCount")).isZero();
    assertThat(api.post("/v1/sessions/" + token + "/cancel", null).status()).isEqualTo(200);
    api.awaitStatus(token, "CANCELLED");
  }

  @Test
  void proceed_of_a_session_that_is_not_paused_answers_409() {
    String token = api.submit(session(noop("a")).put("executionTime", "ON_REQUEST")).getString("token");

    Api.Response r = api.post("/v1/sessions/" + token + "/proceed", new JsonObject().put("data", new JsonObject().put("k", 1)));

    assertProblem(r, 409);
    assertThat(api.session(token).getString("status")).isEqualTo("STANDBY");
  }

  @Test
  void delete_of_an_unfinished_session_answers_409_and_keeps_it() {
    String token = api.submit(session(noop("waiting")).put("executionTime", "ON_REQUEST")).getString("token");

    Api.Response r = api.delete("/v1/sessions/" + token);

    assertProblem(r, 409);
    Api.Response still = api.get("/v1/sessions/" + token);
    assertThat(still.status()).isEqualTo(200);
    assertThat(still.json().getString("status")).isEqualTo("STANDBY");
  }

  @Test
  void run_of_a_started_session_answers_409() {
    String token = api.submit(session(noop("once")).put("executionTime", "ON_REQUEST")).getString("token");
    assertThat(api.post("/v1/sessions/" + token + "/run", null).status()).isEqualTo(200);

    Api.Response again = api.post("/v1/sessions/" + token + "/run", null);

    assertProblem(again, 409);
    api.awaitStatus(token, "SUCCESS");
    assertThat(Api.blockOf(api.session(token), "once").getInteger("attempts")).isEqualTo(1);
  }

  @Test
  void delete_of_a_finished_session_answers_204_then_404() {
    JsonObject receipt = api.submit(session(noop("a")));
    String token = receipt.getString("token");
    String block = receipt.getJsonArray("blocks").getJsonObject(0).getString("token");
    api.awaitStatus(token, "SUCCESS");

    Api.Response deleted = api.delete("/v1/sessions/" + token);

    assertThat(deleted.status()).isEqualTo(204);
    assertProblem(api.get("/v1/sessions/" + token), 404);
    assertProblem(api.get("/v1/blocks/" + block), 404);
    assertProblem(api.delete("/v1/sessions/" + token), 404);
    assertThat(node.queryOne("select count(*) from blocks where token = '" + block + "'")).as("its block").isEqualTo("0");
    assertThat(node.queryOne("select count(*) from runs r where not exists (select 1 from blocks b where b.id = r.block_id)"))
        .as("runs left without their block").isEqualTo("0");
  }

  private static JsonObject builtin(String name) {
    return new JsonObject().put("type", "builtin").put("name", name);
  }

  private static int storedSessions() {
    return Integer.parseInt(node.queryOne("select count(*) from sessions"));
  }

  private static int listedSessions() {
    return api.get("/v1/sessions?limit=500").json().getJsonArray("items").size();
  }

  private static List<String> fields(Api.Response r) {
    return r.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).toList();
  }

  static void assertProblem(Api.Response r, int status) {
    assertThat(r.status()).as("status of %s", r.body()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    JsonObject problem = r.json();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("type")).isNotBlank();
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).isNotBlank();
    assertThat(problem.getJsonArray("errors")).isNotNull();
  }
}
