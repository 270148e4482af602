package io.blockline.process;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Set;
import java.util.stream.Collectors;

import static io.blockline.testsupport.Commands.awaitNoProcessInGroup;
import static io.blockline.testsupport.Commands.awaitProcess;
import static io.blockline.testsupport.Commands.command;
import static io.blockline.testsupport.Commands.enabled;
import static io.blockline.testsupport.Commands.liveMembers;
import static io.blockline.testsupport.Commands.workDirectory;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Command blocks run real processes: the exit status decides the block, the output is kept (up
 * to the cap) and readable whole, a timeout or a cancel kills the whole process group, and what
 * the node's rules refuse is a 400 at submit.
 */
class CommandBlocksTest {
  private static final int CAP = 10_000;
  private static final Path WORK_DIR = workDirectory();
  @RegisterExtension
  static final TestServer node = TestServer.perClass(enabled("sh,sleep", WORK_DIR)
      .put("handlers.command.maxOutputBytes", CAP)
      .put("handlers.command.env", "HOME"));
  static final Api api = node.api();

  @Test
  void a_command_that_exits_0_succeeds_with_its_exit_code_and_output_tails() {
    String token = api.submit(session(command("count", "sh", "-c", "for i in 1 2 3; do echo $i; sleep 1; done; echo done >&2")))
        .getString("token");

    JsonObject view = api.awaitStatus(token, "SUCCESS");

    assertThat(Api.blockOf(view, "count").getJsonObject("result")).isEqualTo(new JsonObject()
        .put("exitCode", 0).put("stdoutTail", "1\n2\n3\n").put("stderrTail", "done\n"));
  }

  @Test
  void a_non_zero_exit_fails_the_block_and_a_replayable_one_is_run_again() {
    JsonObject block = command("flaky", "sh", "-c", "echo oops >&2; exit 3")
        .put("retry", new JsonObject().put("maxAttempts", 2).put("initialDelayMs", 50));
    String token = api.submit(session(block)).getString("token");

    JsonObject flaky = Api.blockOf(api.awaitStatus(token, "ERROR"), "flaky");

    assertThat(flaky.getString("status")).isEqualTo("ERROR");
    assertThat(flaky.getInteger("attempts")).isEqualTo(2);
    assertThat(flaky.getJsonObject("error")).isEqualTo(new JsonObject().put("code", "NONZERO_EXIT")
        .put("message", "command exited with status 3")
        .put("details", new JsonObject().put("exitCode", 3).put("stdoutTail", "").put("stderrTail", "oops\n")));
    JsonArray runs = api.block(flaky.getString("token")).getJsonArray("runs");
    assertThat(runs).hasSize(2).allSatisfy(run -> assertThat(((JsonObject) run).getString("status")).isEqualTo("ERROR"));
  }

  @Test
  void a_timeout_kills_the_whole_group_even_a_child_that_ignores_sigterm_and_ends_timeout_with_exit_code_124() {
    JsonObject block = command("stubborn", "sh", "-c", "trap '' TERM; echo waiting; sleep 30").put("timeoutMs", 500);
    JsonObject receipt = api.submit(session(block));
    int group = awaitProcess(node, blockToken(receipt));

    JsonObject stubborn = Api.blockOf(api.awaitStatus(receipt.getString("token"), "ERROR"), "stubborn");

    assertThat(liveMembers(group)).as("nothing of the group runs once the block ended").isEmpty();
    assertThat(stubborn.getString("status")).isEqualTo("TIMEOUT");
    assertThat(stubborn.getJsonObject("error").getString("code")).isEqualTo("TIMEOUT");
    assertThat(stubborn.getJsonObject("error").getJsonObject("details"))
        .isEqualTo(new JsonObject().put("exitCode", 124).put("stdoutTail", "waiting\n").put("stderrTail", ""));
    awaitNoProcessInGroup(group);
  }

  @Test
  void cancelling_a_running_sleep_kills_it() {
    JsonObject receipt = api.submit(session(command("nap", "sleep", "30")));
    String block = blockToken(receipt);
    int group = awaitProcess(node, block);

    assertThat(api.post("/v1/blocks/" + block + "/cancel", null).status()).isEqualTo(200);
    JsonArray runs = awaitRuns(block, 1);

    assertThat(runs.getJsonObject(0).getString("status")).isEqualTo("CANCELLED");
    assertThat(liveMembers(group)).isEmpty();
    assertThat(api.block(block).getString("status")).isEqualTo("CANCELLED");
    awaitNoProcessInGroup(group);
  }

  @Test
  void output_beyond_the_cap_is_dropped_the_stream_flagged_truncated_and_what_was_kept_is_paged_whole() {
    String script = "i=0; while [ $i -lt 3000 ]; do echo \"line $i\"; i=$((i+1)); done";
    JsonObject receipt = api.submit(session(command("chatty", "sh", "-c", script)));
    String block = blockToken(receipt);
    String kept = expectedLines(3000).substring(0, CAP);

    JsonObject view = api.awaitStatus(receipt.getString("token"), "SUCCESS");

    assertThat(Api.blockOf(view, "chatty").getJsonObject("result").getString("stdoutTail"))
        .isEqualTo(kept.substring(CAP - CommandOutput.TAIL_BYTES));
    JsonObject output = api.get("/v1/blocks/" + block).json().getJsonObject("output");
    assertThat(output.getJsonObject("stdout")).isEqualTo(new JsonObject().put("bytes", CAP).put("truncated", true)
        .put("tail", kept.substring(CAP - CommandOutput.TAIL_BYTES)));
    assertThat(output.getJsonObject("stderr")).isEqualTo(new JsonObject().put("bytes", 0).put("truncated", false)
        .put("tail", ""));
    StringBuilder paged = new StringBuilder();
    long offset = 0;
    JsonObject page;
    do {
      page = api.get("/v1/blocks/" + block + "/output?stream=stdout&limit=3000&offset=" + offset).json();
      assertThat(page.getLong("offset")).isEqualTo(offset);
      paged.append(page.getString("data"));
      offset = page.getLong("nextOffset");
    } while (offset < page.getLong("bytes"));
    assertThat(paged.toString()).isEqualTo(kept);
    assertThat(page.getBoolean("truncated")).isTrue();
    assertThat(page.getBoolean("running")).isFalse();
  }

  @Test
  void a_running_command_shows_its_output_so_far() {
    JsonObject receipt = api.submit(session(command("slow", "sh", "-c", "echo started; echo warming >&2; sleep 30")));
    String block = blockToken(receipt);
    awaitProcess(node, block);
    JsonObject stdout = awaitStdout(block);

    assertThat(stdout).isEqualTo(new JsonObject().put("bytes", 8).put("truncated", false).put("tail", "started\n"));
    JsonObject page = api.get("/v1/blocks/" + block + "/output?stream=stderr").json();
    assertThat(page.getString("data")).isEqualTo("warming\n");
    assertThat(page.getBoolean("running")).isTrue();
    api.post("/v1/blocks/" + block + "/cancel", null);
  }

  @Test
  void a_command_runs_in_a_directory_of_its_own_with_stdin_closed() {
    JsonObject receipt = api.submit(session(command("where", "sh", "-c", "pwd; cat; echo end")));

    JsonObject where = Api.blockOf(api.awaitStatus(receipt.getString("token"), "SUCCESS"), "where");

    String expectedDir = WORK_DIR.resolve(where.getString("token")).resolve("1").resolve("work").toString();
    assertThat(where.getJsonObject("result").getString("stdoutTail")).isEqualTo(expectedDir + "\nend\n");
  }

  @Test
  void only_the_allowed_variables_of_the_servers_environment_reach_a_command() {
    JsonObject receipt = api.submit(session(command("env", "sh", "-c", "env")));

    String printed = Api.blockOf(api.awaitStatus(receipt.getString("token"), "SUCCESS"), "env")
        .getJsonObject("result").getString("stdoutTail");

    Set<String> names = printed.lines().map(l -> l.substring(0, l.indexOf('='))).collect(Collectors.toSet());
    assertThat(names).contains("HOME", "PATH").isSubsetOf("HOME", "PATH", "PWD");
    assertThat(printed).contains("HOME=" + System.getenv("HOME") + "\n").contains("PATH=/usr/local/bin:/usr/bin:/bin\n");
    assertThat(System.getenv().keySet()).as("the server has variables of its own").hasSizeGreaterThan(2);
  }

  @Test
  void an_executable_outside_the_allow_list_or_a_shell_string_is_a_400_naming_the_rule_and_stores_nothing() {
    String before = node.queryOne("select count(*) from sessions");

    Api.Response rm = api.post("/v1/sessions", session(command("rm", "rm", "-rf", "/tmp/x")));
    Api.Response shell = api.post("/v1/sessions", session(new JsonObject()
        .put("handler", new JsonObject().put("type", "command").put("shell", "ls"))));

    assertOnlyError(rm, "blocks[0].handler.argv[0]", "rm is not an allowed executable (handlers.command.allow)");
    assertOnlyError(shell, "blocks[0].handler.shell", "handlers.command.allowShell is false");
    assertThat(node.queryOne("select count(*) from sessions")).isEqualTo(before);
  }

  @Test
  void bad_command_lines_are_a_400_naming_the_field() {
    assertOnlyError(submitArgv(new JsonArray()), "blocks[0].handler.argv", "must hold at least the executable");
    assertOnlyError(submitArgv(new JsonArray().add("sh").add("-c").add("echo a\u0000b")), "blocks[0].handler.argv[2]",
        "must not contain NUL characters");
    assertOnlyError(submitArgv(new JsonArray(new ArrayList<>(Collections.nCopies(10_000, "x"))).set(0, "sh")), "blocks[0].handler.argv",
        "holds 10000 arguments; at most 4096");
    assertOnlyError(submitArgv(new JsonArray().add("sh").add(5)), "blocks[0].handler.argv[1]", "must be a string");
    assertOnlyError(submitArgv("sh -c ls"), "blocks[0].handler.argv", "must be an array");
    assertOnlyError(api.post("/v1/sessions", session(new JsonObject().put("handler",
        new JsonObject().put("type", "command")))), "blocks[0].handler.argv", "is required");
  }

  @Test
  void a_page_request_outside_the_rules_is_a_400_naming_the_field() {
    String block = blockToken(api.submit(session(command("quick", "sh", "-c", "echo hi"))));

    Api.Response stream = api.get("/v1/blocks/" + block + "/output?stream=stdin");
    Api.Response offset = api.get("/v1/blocks/" + block + "/output?offset=-1");

    assertOnlyError(stream, "stream", "must be stdout or stderr");
    assertOnlyError(offset, "offset", "whole number");
  }

  private static Api.Response submitArgv(Object argv) {
    return api.post("/v1/sessions", session(new JsonObject()
        .put("handler", new JsonObject().put("type", "command").put("argv", argv))));
  }

  private static void assertOnlyError(Api.Response r, String field, String message) {
    assertThat(r.status()).as("status of %s", r.body()).isEqualTo(400);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
    JsonArray errors = r.json().getJsonArray("errors");
    assertThat(errors).as("errors of %s", r.body()).hasSize(1);
    assertThat(errors.getJsonObject(0).getString("field")).isEqualTo(field);
    assertThat(errors.getJsonObject(0).getString("message")).contains(message);
  }

  private static String blockToken(JsonObject receipt) {
    return receipt.getJsonArray("blocks").getJsonObject(0).getString("token");
  }

  /** The block view's stdout once the process wrote some. */
  private static JsonObject awaitStdout(String block) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      JsonObject output = api.get("/v1/blocks/" + block).json().getJsonObject("output");
      if (output != null && output.getJsonObject("stdout").getLong("bytes") > 0) {
        return output.getJsonObject("stdout");
      }
      assertThat(System.nanoTime()).as("block %s never wrote to stdout", block).isLessThan(deadline);
      Api.sleep(20);
    }
  }

  private static JsonArray awaitRuns(String block, int count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonArray runs = api.block(block).getJsonArray("runs");
    while (runs.size() < count) {
      assertThat(System.nanoTime()).as("block %s never recorded %d runs", block, count).isLessThan(deadline);
      Api.sleep(20);
      runs = api.block(block).getJsonArray("runs");
    }
    return runs;
  }

  private static String expectedLines(int n) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      text.append("line ").append(i).append('\n');
    }
    return text.toString();
  }
}
