package io.blockline.cli;

import io.blockline.Main;
import io.blockline.testsupport.Api;
import io.blockline.testsupport.CliRun;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

import static io.blockline.testsupport.Sessions.fail;
import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static io.blockline.testsupport.Sessions.sleep;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code watch} follows the event stream to the end; every command has --help; completion is generated. */
class CliWatchAndHelpTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass();
  static final Api api = node.api();

  @Test
  void watch_prints_each_change_until_the_session_succeeds_and_exits_0() {
    String token = api.submit(session(sleep("a", 1500), noop("b"))).getString("token");

    CliRun watched = CliRun.against(api, "watch", token);

    assertThat(watched.exitCode()).as(watched.toString()).isZero();
    List<String> lines = watched.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("session " + token + " \"test\": RUNNING");
    assertThat(lines).anyMatch(l -> l.matches("[0-9:.]{12}  block a\\s+SUCCESS"))
        .anyMatch(l -> l.matches("[0-9:.]{12}  block b\\s+SUCCESS"))
        .anyMatch(l -> l.matches("[0-9:.]{12}  block a\\s+ENDING\\s+attempt 1 SUCCESS"));
    assertThat(lines.get(lines.size() - 1)).matches("[0-9:.]{12}  session\\s+SUCCESS");
  }

  @Test
  void watch_of_a_session_that_fails_exits_1_and_says_why() {
    String token = api.submit(session(sleep("a", 1000), fail("b", null), noop("c").put("require", new JsonArray().add("b"))))
        .getString("token");

    CliRun watched = CliRun.against(api, "watch", token);

    assertThat(watched.exitCode()).as(watched.toString()).isEqualTo(1);
    assertThat(watched.out()).contains("session              ERROR").contains("b                    ERROR     FAILED: planned failure")
        .contains("c                    SKIPPED");
  }

  @Test
  void watch_of_a_session_already_ended_prints_it_and_exits_at_once() {
    String token = api.submit(session(noop("a"))).getString("token");
    api.awaitStatus(token, "SUCCESS");

    CliRun watched = CliRun.against(api, "watch", token, "--json");

    assertThat(watched.exitCode()).isZero();
    JsonObject snapshot = new JsonObject(watched.out().lines().findFirst().orElseThrow());
    assertThat(snapshot.getString("type")).isEqualTo("session.snapshot");
    assertThat(snapshot.getString("status")).isEqualTo("SUCCESS");
    assertThat(CliRun.against(api, "watch", "s0000000000000000000000000").exitCode()).isEqualTo(1);
  }

  @Test
  void every_command_answers_help_with_its_usage() {
    List<String> paths = new ArrayList<>();
    collect(Main.commandLine(), "", paths);
    assertThat(paths).contains("serve", "sessions list", "sessions show", "blocks show", "replay", "cancel", "proceed",
        "run", "submit", "watch", "mock", "deliveries list", "deliveries ack", "health", "completion");
    for (String path : paths) {
      List<String> args = new ArrayList<>(List.of(path.split(" ")));
      args.add("--help");
      CliRun help = CliRun.run(args.toArray(String[]::new));
      assertThat(help.exitCode()).as(path).isZero();
      assertThat(help.out()).as(path).startsWith("Usage: blockline " + path);
    }
  }

  @Test
  void a_group_alone_an_unknown_command_and_a_bad_number_are_usage_errors() {
    CliRun group = CliRun.run("sessions");
    CliRun unknown = CliRun.run("sesions", "list");
    CliRun notANumber = CliRun.run("sessions", "list", "--limit", "many");

    assertThat(group.exitCode()).isEqualTo(2);
    assertThat(group.err()).startsWith("choose one of: list, show, delete");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(notANumber.exitCode()).isEqualTo(2);
    assertThat(notANumber.err()).contains("--limit").contains("many");
  }

  @Test
  void completion_prints_a_bash_script_that_knows_the_commands() {
    CliRun completion = CliRun.run("completion");

    assertThat(completion.exitCode()).isZero();
    assertThat(completion.out()).contains("complete -F _complete_blockline").contains("sessions").contains("deliveries")
        .contains("--status").contains("--url");
  }

  private static void collect(CommandLine command, String prefix, List<String> paths) {
    command.getSubcommands().forEach((name, sub) -> {
      String path = (prefix + " " + name).trim();
      if (sub.getSubcommands().isEmpty()) {
        paths.add(path);
      } else {
        paths.add(path);
        collect(sub, path, paths);
      }
    });
  }
}
