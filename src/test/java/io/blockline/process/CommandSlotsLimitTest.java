package io.blockline.process;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.blockline.testsupport.Commands.command;
import static io.blockline.testsupport.Commands.enabled;
import static io.blockline.testsupport.Commands.workDirectory;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/** handlers.command.maxConcurrent bounds the processes of a node, whatever workers.concurrency allows. */
class CommandSlotsLimitTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass(enabled("sh").put("handlers.command.maxConcurrent", 1));
  static final Api api = node.api();

  @Test
  void no_more_command_processes_run_at_once_than_max_concurrent() throws IOException {
    Path log = workDirectory().resolve("log");
    String script = "echo start >> " + log + "; sleep 0.3; echo end >> " + log;
    JsonObject parallel = session(command("a", "sh", "-c", script), command("b", "sh", "-c", script),
        command("c", "sh", "-c", script)).put("mode", "parallel");

    api.awaitStatus(api.submit(parallel).getString("token"), "SUCCESS");

    assertThat(Files.readAllLines(log)).as("each process ended before the next began")
        .containsExactly("start", "end", "start", "end", "start", "end");
  }
}
