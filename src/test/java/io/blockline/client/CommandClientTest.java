package io.blockline.client;

import io.blockline.api.ProblemException;
import io.blockline.testsupport.TestServer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.blockline.testsupport.Commands.enabled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Command blocks from the Java client, over the event bus: built, submitted, read, refused. */
class CommandClientTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass(enabled("sh").put("handlers.command.allowShell", true));

  @Test
  void the_client_builds_argv_and_shell_commands_and_reads_their_output() throws Exception {
    BlocklineClient client = Blockline.client(node.server().vertx());
    SessionBuilder s = client.session("commands");
    s.command("sh", "-c", "echo from argv").id("argv");
    s.shell("echo from a shell; echo oops >&2").id("shell");
    assertThat(s.toJson().getJsonArray("blocks").getJsonObject(0).getJsonObject("handler")).isEqualTo(new JsonObject()
        .put("type", "command").put("argv", new JsonArray().add("sh").add("-c").add("echo from argv")));

    SessionRef ref = await(s.submit());
    JsonObject view = await(client.await(ref.token(), Duration.ofSeconds(30)));

    assertThat(view.getString("status")).isEqualTo("SUCCESS");
    JsonObject page = await(client.output(ref.block("argv"), "stdout", 0));
    assertThat(page.getString("data")).isEqualTo("from argv\n");
    assertThat(page.getLong("nextOffset")).isEqualTo(page.getLong("bytes")).isEqualTo(10L);
    JsonObject shell = await(client.block(ref.block("shell"), false));
    assertThat(shell.getJsonObject("result").getString("stdoutTail")).isEqualTo("from a shell\n");
    assertThat(shell.getJsonObject("output").getJsonObject("stderr").getString("tail")).isEqualTo("oops\n");
  }

  @Test
  void a_refused_command_fails_the_submit_with_the_field() {
    BlocklineClient client = Blockline.client(node.server().vertx());
    SessionBuilder s = client.session("refused");
    s.command("rm", "-rf", "/").id("rm");

    ExecutionException e = catchThrowableOfType(ExecutionException.class, () -> await(s.submit()));

    ProblemException problem = (ProblemException) e.getCause();
    assertThat(problem.status()).isEqualTo(400);
    assertThat(problem.errors().getJsonObject(0).getString("field")).isEqualTo("blocks[0].handler.argv[0]");
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
