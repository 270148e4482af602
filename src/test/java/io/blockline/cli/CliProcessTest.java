package io.blockline.cli;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI as its own process, as {@code java -jar target/blockline.jar} starts it (same main class,
 * this build's classes): the real process exit codes, stdin, stdout and stderr, and BLOCKLINE_URL.
 */
class CliProcessTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass();
  static final Api api = node.api();

  record Exit(int code, String out, String err) {
  }

  @Test
  void blockline_url_from_the_environment_and_a_session_from_stdin() throws Exception {
    String body = session(noop("a")).put("name", "from stdin").encode();

    Exit submitted = blockline(Map.of("BLOCKLINE_URL", api.base()), body, "submit", "-", "--json");
    Exit health = blockline(Map.of("BLOCKLINE_URL", api.base()), "", "health");

    assertThat(submitted.code()).as(submitted.toString()).isZero();
    String token = new io.vertx.core.json.JsonObject(submitted.out()).getString("token");
    assertThat(api.session(token).getString("name")).isEqualTo("from stdin");
    assertThat(health.code()).isZero();
    assertThat(health.out()).startsWith("UP  db=UP").contains(api.base());
  }

  @Test
  void an_unreachable_node_is_exit_code_3_with_one_line_saying_why() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    Exit exit = blockline(Map.of(), "", "sessions", "list", "--url", "http://127.0.0.1:" + closedPort);

    assertThat(exit.code()).isEqualTo(3);
    assertThat(exit.out()).isEmpty();
    assertThat(exit.err()).isEqualTo("blockline: cannot reach http://127.0.0.1:" + closedPort + ": connection refused\n");
  }

  @Test
  void not_found_is_exit_code_1_and_help_is_exit_code_0() throws Exception {
    Exit missing = blockline(Map.of(), "", "blocks", "show", "b0000000000000000000000000", "--url", api.base());
    Exit help = blockline(Map.of(), "", "--help");

    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).isEqualTo("blockline: block b0000000000000000000000000 not found\n");
    assertThat(help.code()).isZero();
    assertThat(help.out()).startsWith("Usage: blockline").contains("serve").contains("watch");
  }

  private static Exit blockline(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.blockline.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("BLOCKLINE_URL");
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    var out = process.getInputStream().readAllBytes();
    var err = process.getErrorStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("blockline " + String.join(" ", args) + " did not exit within 60 s");
    }
    return new Exit(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }
}
