package io.blockline.cli;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.CliRun;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static io.blockline.testsupport.Sessions.echo;
import static io.blockline.testsupport.Sessions.fail;
import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/** Each CLI command against a real node, read as a person (tables) and as a script (--json) would. */
class CliCommandsTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass();
  static final Api api = node.api();

  @Test
  void submit_from_a_file_then_list_and_show_print_tables(@TempDir Path dir) throws Exception {
    String owner = owner();
    Path file = dir.resolve("session.json");
    Files.writeString(file, session(noop("fetch"), echo("report", new JsonObject().put("x", 1))
        .put("require", new JsonArray().add("fetch"))).put("owner", owner).put("name", "from a file").encode());

    CliRun submitted = CliRun.against(api, "submit", file.toString(), "--wait", "10s");

    assertThat(submitted.exitCode()).as(submitted.toString()).isZero();
    String token = submitted.out().split(" ")[1];
    assertThat(submitted.out()).startsWith("session " + token + " ended SUCCESS").contains("fetch").contains("report");
    CliRun list = CliRun.against(api, "sessions", "list", "--owner", owner);
    assertThat(list.out().lines().findFirst().orElseThrow()).startsWith("TOKEN").contains("STATUS").contains("NAME");
    assertThat(list.out()).contains(token).contains("SUCCESS").contains("from a file");
    CliRun show = CliRun.against(api, "sessions", "show", token, "--blocks");
    assertThat(show.out()).contains("status    SUCCESS").contains("blocks    2: SUCCESS 2").contains("\"x\":1");
    assertThat(show.out().lines().filter(l -> l.matches("\\d+\\s+(fetch|report)\\s+SUCCESS.*"))).hasSize(2);
  }

  @Test
  void json_prints_the_nodes_answer_for_scripts() {
    String token = api.submit(session(noop("a")).put("executionTime", "ON_REQUEST")).getString("token");

    CliRun shown = CliRun.against(api, "sessions", "show", token, "--json");

    assertThat(shown.json().getString("token")).isEqualTo(token);
    assertThat(shown.json().getString("status")).isEqualTo("STANDBY");
    assertThat(shown.json().getJsonArray("blocks").getJsonObject(0).getString("id")).isEqualTo("a");
  }

  @Test
  void replay_turns_a_failed_block_into_a_success_and_blocks_show_has_its_runs_and_activity() {
    String token = api.submit(session(fail("a", 1), noop("b").put("require", new JsonArray().add("a")))).getString("token");
    api.awaitStatus(token, "ERROR");
    String block = Api.blockOf(api.session(token), "a").getString("token");

    CliRun before = CliRun.against(api, "blocks", "show", block, "--runs", "--activity");
    CliRun replayed = CliRun.against(api, "replay", block);

    assertThat(before.out()).contains("status    ERROR").contains("FAILED: planned failure").contains("STARTING")
        .contains("ENDING");
    assertThat(replayed.exitCode()).as(replayed.toString()).isZero();
    assertThat(replayed.out()).startsWith("replayed block a (" + block + "): now ");
    api.awaitStatus(token, "SUCCESS");
    CliRun again = CliRun.against(api, "replay", block);
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).startsWith("blockline: ").contains("SUCCESS");
  }

  @Test
  void cancel_takes_a_session_or_a_block_token_and_names_an_unknown_one() {
    String first = api.submit(session(noop("a")).put("executionTime", "ON_REQUEST")).getString("token");
    String second = api.submit(session(noop("a"), noop("b")).put("executionTime", "ON_REQUEST")).getString("token");
    String block = Api.blockOf(api.session(second), "b").getString("token");

    CliRun session = CliRun.against(api, "cancel", first);
    CliRun oneBlock = CliRun.against(api, "cancel", block);
    CliRun unknown = CliRun.against(api, "cancel", "s0000000000000000000000000");

    assertThat(session.out()).isEqualTo("cancelled session (" + first + "): now CANCELLED\n");
    assertThat(oneBlock.out()).isEqualTo("cancelled block b (" + block + "): now CANCELLED\n");
    assertThat(Api.blockOf(api.session(second), "a").getString("status")).isEqualTo("STANDBY");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("blockline: no session or block s0000000000000000000000000\n");
  }

  @Test
  void run_starts_an_on_request_session_and_proceed_continues_a_paused_one_with_data() {
    String onRequest = api.submit(session(noop("a")).put("executionTime", "ON_REQUEST")).getString("token");
    String paused = api.submit(session(echo("draft", new JsonObject().put("text", "hi")).put("interrupt", true),
        echo("send", new JsonObject())).put("mode", "pipeline")).getString("token");
    api.awaitStatus(paused, "PAUSED");

    CliRun run = CliRun.against(api, "run", onRequest);
    CliRun notAnObject = CliRun.against(api, "proceed", paused, "--data", "[1]");
    CliRun notJson = CliRun.against(api, "proceed", paused, "--data", "{approved");
    CliRun proceeded = CliRun.against(api, "proceed", paused, "--data", "{\"approved\":true}");

    assertThat(run.out()).startsWith("started session " + onRequest + ": now ");
    api.awaitStatus(onRequest, "SUCCESS");
    assertThat(notAnObject.exitCode()).isEqualTo(2);
    assertThat(notAnObject.err()).isEqualTo("blockline: --data must be a JSON object, e.g. '{\"approved\":true}'\n");
    assertThat(notJson.exitCode()).isEqualTo(2);
    assertThat(notJson.err()).startsWith("blockline: --data is not valid JSON: ");
    assertThat(proceeded.exitCode()).as(proceeded.toString()).isZero();
    JsonObject done = api.awaitStatus(paused, "SUCCESS");
    assertThat(done.getJsonObject("output").getBoolean("approved")).isTrue();
  }

  @Test
  void mock_creates_sessions_the_node_lists() {
    CliRun mock = CliRun.against(api, "mock", "--sessions", "2", "--blocks", "4", "--fail-rate", "0");

    assertThat(mock.exitCode()).as(mock.toString()).isZero();
    String[] lines = mock.out().split("\n");
    assertThat(lines[0]).isEqualTo("created 2 mock session(s) of 4 block(s):");
    assertThat(api.session(lines[1]).getJsonArray("blocks")).hasSize(4);
    assertThat(api.session(lines[2]).getString("owner")).isEqualTo("mock");
    CliRun tooMany = CliRun.against(api, "mock", "--blocks", "0");
    assertThat(tooMany.exitCode()).isEqualTo(2);
    assertThat(tooMany.err()).isEqualTo("blockline: blocks: must be a whole number between 1 and 1000\n");
  }

  @Test
  void deliveries_list_shows_a_pending_callback_and_ack_settles_it() {
    String address = "nobody.listens." + UUID.randomUUID();
    String token = api.submit(session(noop("a")).put("callback", new JsonObject().put("address", address))).getString("token");
    api.awaitSession(token, v -> !api.get("/v1/sessions/" + token + "/deliveries").json().getJsonArray("items").isEmpty(),
        java.time.Duration.ofSeconds(20));

    CliRun pending = CliRun.against(api, "deliveries", "list", "--status", "PENDING");
    CliRun ack = CliRun.against(api, "deliveries", "ack", token);
    CliRun ofSession = CliRun.against(api, "deliveries", "list", "--session", token);
    CliRun badStatus = CliRun.against(api, "deliveries", "list", "--status", "DELIVERED");

    assertThat(pending.out()).contains(token).contains(address).contains("PENDING");
    assertThat(ack.out()).isEqualTo("session " + token + ": 1 of 1 deliveries acknowledged\n");
    assertThat(ofSession.out()).contains("ACKED");
    assertThat(CliRun.against(api, "deliveries", "list").out()).doesNotContain(token);
    assertThat(badStatus.exitCode()).isEqualTo(2);
    assertThat(badStatus.err()).isEqualTo("blockline: status: must be PENDING or DEAD (was DELIVERED)\n");
  }

  @Test
  void health_and_overview_describe_the_node() {
    CliRun health = CliRun.against(api, "health");
    CliRun overview = CliRun.against(api, "overview");

    assertThat(health.exitCode()).isZero();
    assertThat(health.out()).startsWith("UP  db=UP  version=");
    assertThat(overview.exitCode()).as(overview.toString()).isZero();
    assertThat(overview.out()).contains("sessions").contains("last hour").contains("workers     0 busy of 256 on this node");
  }

  @Test
  void a_bad_page_size_and_an_unknown_session_are_one_line_each_with_their_exit_codes() {
    CliRun badLimit = CliRun.against(api, "sessions", "list", "--limit", "0");
    CliRun unknown = CliRun.against(api, "sessions", "show", "s0000000000000000000000000");
    CliRun notAToken = CliRun.against(api, "blocks", "show", "../health");

    assertThat(badLimit.exitCode()).isEqualTo(2);
    assertThat(badLimit.err()).isEqualTo("blockline: limit: must be a whole number between 1 and 500 (was 0)\n");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("blockline: session s0000000000000000000000000 not found\n");
    assertThat(notAToken.exitCode()).isEqualTo(2);
    assertThat(notAToken.err()).isEqualTo("blockline: '../health' is not a token (letters, digits, -, _ and ., not starting with .)\n");
  }

  @Test
  void submit_refuses_a_missing_file_bad_json_and_an_invalid_session_with_every_field(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"blocks\": [");
    Path invalid = dir.resolve("invalid.json");
    Files.writeString(invalid, "{\"priority\": 101, \"blocks\": [{\"handler\": {\"type\": \"nope\"}}]}");

    CliRun missing = CliRun.against(api, "submit", dir.resolve("absent.json").toString());
    CliRun notJson = CliRun.against(api, "submit", bad.toString());
    CliRun refused = CliRun.against(api, "submit", invalid.toString());

    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo("blockline: cannot read " + dir.resolve("absent.json") + ": no such file\n");
    assertThat(notJson.exitCode()).isEqualTo(2);
    assertThat(notJson.err()).startsWith("blockline: " + bad + " is not valid JSON: ");
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).startsWith("blockline: 2 invalid fields: ").contains("\n  priority: ").contains("\n  blocks[0].handler.type: ");
  }

  private static String owner() {
    return "cli-" + UUID.randomUUID();
  }
}
