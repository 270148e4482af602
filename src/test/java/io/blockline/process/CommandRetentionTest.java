package io.blockline.process;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.blockline.testsupport.Commands.awaitProcess;
import static io.blockline.testsupport.Commands.command;
import static io.blockline.testsupport.Commands.enabled;
import static io.blockline.testsupport.Commands.workDirectory;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/** Run directories go with retention: those of pruned blocks are deleted, those of kept blocks stay. */
class CommandRetentionTest {
  private static final Path WORK_DIR = workDirectory();
  @RegisterExtension
  static final TestServer node = TestServer.perClass(enabled("sh,sleep", WORK_DIR)
      .put("retention.successMs", 300)
      .put("retention.intervalMs", 100));
  static final Api api = node.api();

  @Test
  void the_run_directory_of_a_pruned_block_is_deleted_and_that_of_a_running_one_stays() throws IOException {
    Path unrelated = Files.createDirectories(WORK_DIR.resolve("notes"));
    JsonObject done = api.submit(session(command("quick", "sh", "-c", "echo hi")));
    JsonObject running = api.submit(session(command("nap", "sleep", "30")));
    String napBlock = running.getJsonArray("blocks").getJsonObject(0).getString("token");
    awaitProcess(node, napBlock);
    Path doneDir = WORK_DIR.resolve(done.getJsonArray("blocks").getJsonObject(0).getString("token"));
    api.awaitStatus(done.getString("token"), "SUCCESS");
    assertThat(doneDir.resolve("1").resolve("stdout")).hasContent("hi");

    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (Files.exists(doneDir)) {
      assertThat(System.nanoTime()).as("the pruned block's run directory is deleted").isLessThan(deadline);
      Api.sleep(50);
    }

    assertThat(api.get("/v1/sessions/" + done.getString("token")).status()).isEqualTo(404);
    assertThat(WORK_DIR.resolve(napBlock).resolve("1")).isDirectory();
    assertThat(unrelated).as("only block directories are swept").isDirectory();
    api.post("/v1/sessions/" + running.getString("token") + "/cancel", null);
  }
}
