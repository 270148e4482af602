package io.blockline.process;

import io.blockline.db.DatabaseTarget;
import io.blockline.testsupport.Api;
import io.blockline.testsupport.ChildNode;
import io.blockline.testsupport.TestDatabase;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.blockline.testsupport.Commands.awaitNoProcessInGroup;
import static io.blockline.testsupport.Commands.awaitProcess;
import static io.blockline.testsupport.Commands.command;
import static io.blockline.testsupport.Commands.enabled;
import static io.blockline.testsupport.Commands.killGroup;
import static io.blockline.testsupport.Commands.liveMembers;
import static io.blockline.testsupport.Commands.workDirectory;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command's process outlives its node: the next node on the host finds it by pid and start
 * time and takes it over (never starting the block again), finishes it from its exit marker if
 * it ended meanwhile, fails it when it vanished without one, kills it when it is stale, and
 * leaves alone a process it cannot see (another host's).
 */
class CommandRestartTest {
  private final Path workDir = workDirectory();
  private final JsonObject config = enabled("sleep,sh", workDir).put("shutdown.graceMs", 100);

  @Test
  void a_restart_while_sleep_3_runs_finishes_it_once_with_its_one_process() {
    TestServer first = TestServer.start(config);
    Running nap = start(first, command("nap", "sleep", "3"));
    first.close();
    assertThat(liveMembers(nap.group)).as("the process outlived its node").isNotEmpty();

    TestServer second = TestServer.start(first.database(), config);
    try {
      JsonObject block = Api.blockOf(second.api().awaitStatus(nap.session, "SUCCESS"), "nap");

      assertThat(block.getJsonObject("result").getInteger("exitCode")).isZero();
      assertThat(block.getInteger("attempts")).as("taken over, not started again").isEqualTo(1);
      assertOneRun(second, nap, "SUCCESS");
      assertThat(second.queryOne("select leased_by from blocks where token = '" + nap.block + "'")).isNull();
      awaitNoProcessInGroup(nap.group);
    } finally {
      second.close();
    }
  }

  @Test
  void a_node_killed_while_its_command_runs_leaves_the_process_to_the_next_node_once_its_lease_expires() {
    JsonObject abrupt = config.copy().put("shutdown.graceMs", 0);
    TestServer first = TestServer.start(abrupt);
    Running nap = start(first, command("nap", "sleep", "3"));
    crash(first);
    assertThat(first.queryOne("select lease_until > now() from blocks where token = '" + nap.block + "'"))
        .as("a dead node's lease still holds").isEqualTo("t");

    TestServer second = TestServer.start(first.database(), abrupt);
    try {
      JsonObject block = Api.blockOf(second.api().awaitStatus(nap.session, "SUCCESS"), "nap");

      assertThat(block.getInteger("attempts")).isEqualTo(1);
      assertOneRun(second, nap, "SUCCESS");
      awaitNoProcessInGroup(nap.group);
    } finally {
      second.close();
    }
  }

  @Test
  void a_node_whose_jvm_is_killed_9_while_its_command_runs_leaves_the_process_to_the_next_node() {
    DatabaseTarget database = TestDatabase.fresh();
    JsonObject abrupt = config.copy().put("shutdown.graceMs", 0);
    ChildNode child = ChildNode.start(TestServer.testConfig(database).mergeIn(abrupt));
    JsonObject receipt = child.api().submit(session(command("nap", "sleep", "3")));
    String block = receipt.getJsonArray("blocks").getJsonObject(0).getString("token");
    Running nap = new Running(receipt.getString("token"), block, awaitProcess(database, block));

    child.kill();
    assertThat(liveMembers(nap.group)).as("the process outlived its node's JVM").isNotEmpty();

    TestServer second = TestServer.start(database, abrupt);
    try {
      JsonObject view = Api.blockOf(second.api().awaitStatus(nap.session, "SUCCESS"), "nap");

      assertThat(view.getInteger("attempts")).isEqualTo(1);
      assertOneRun(second, nap, "SUCCESS");
      awaitNoProcessInGroup(nap.group);
    } finally {
      second.close();
    }
  }

  @Test
  void a_process_that_ended_while_no_node_ran_is_finished_from_its_exit_marker() {
    TestServer first = TestServer.start(config);
    Running job = start(first, command("job", "sh", "-c", "sleep 1; echo finished; exit 7"));
    first.close();
    awaitFile(runDirectory(job).resolve("exit"));

    TestServer second = TestServer.start(first.database(), config);
    try {
      JsonObject block = Api.blockOf(second.api().awaitStatus(job.session, "ERROR"), "job");

      assertThat(block.getJsonObject("error")).isEqualTo(new JsonObject().put("code", "NONZERO_EXIT")
          .put("message", "command exited with status 7")
          .put("details", new JsonObject().put("exitCode", 7).put("stdoutTail", "finished\n").put("stderrTail", "")));
      assertOneRun(second, job, "ERROR");
    } finally {
      second.close();
    }
  }

  @Test
  void a_process_gone_without_its_exit_marker_fails_the_block() {
    TestServer first = TestServer.start(config);
    Running nap = start(first, command("nap", "sleep", "30"));
    first.close();
    killGroup(nap.group, "KILL");
    awaitNoProcessInGroup(nap.group);

    TestServer second = TestServer.start(first.database(), config);
    try {
      JsonObject block = Api.blockOf(second.api().awaitStatus(nap.session, "ERROR"), "nap");

      assertThat(block.getJsonObject("error").getString("code")).isEqualTo("NO_EXIT_MARKER");
      assertThat(block.getJsonObject("error").getString("message")).isEqualTo("process exited without exit marker");
      assertThat(Files.exists(runDirectory(nap).resolve("exit"))).isFalse();
    } finally {
      second.close();
    }
  }

  @Test
  void a_process_found_running_longer_than_stale_after_ms_is_killed_as_stale() {
    TestServer first = TestServer.start(config);
    Running nap = start(first, command("nap", "sleep", "30"));
    first.close();
    Api.sleep(600);

    TestServer second = TestServer.start(first.database(), config.copy().put("handlers.command.staleAfterMs", 500));
    try {
      JsonObject block = Api.blockOf(second.api().awaitStatus(nap.session, "ERROR"), "nap");

      assertThat(liveMembers(nap.group)).isEmpty();
      assertThat(block.getJsonObject("error").getString("code")).isEqualTo("STALE");
      assertThat(block.getJsonObject("error").getString("message")).contains("handlers.command.staleAfterMs (500 ms)");
      awaitNoProcessInGroup(nap.group);
    } finally {
      second.close();
    }
  }

  @Test
  void a_process_recorded_on_another_host_is_left_running_and_its_block_is_not_started_again() {
    TestServer first = TestServer.start(config);
    Running nap = start(first, command("nap", "sleep", "30"));
    first.close();
    first.execute("UPDATE command_runs SET host = 'another-host'");

    TestServer second = TestServer.start(first.database(), config);
    try {
      // A node's start has made one rescue pass by the time it answers.
      JsonObject block = second.api().block(nap.block);
      assertThat(block.getString("status")).isEqualTo("RUNNING");
      assertThat(block.getInteger("attempts")).isEqualTo(1);
      assertThat(block.getJsonArray("runs")).isEmpty();
      assertThat(liveMembers(nap.group)).isNotEmpty();
    } finally {
      second.close();
      killGroup(nap.group, "KILL");
      awaitNoProcessInGroup(nap.group);
    }
  }

  @Test
  void a_process_still_running_for_a_block_that_moved_on_is_killed_by_the_next_node() {
    TestServer first = TestServer.start(config);
    Running nap = start(first, command("nap", "sleep", "30"));
    first.close();
    // What a node leaves when it dies between committing a cancel and killing the process.
    first.execute("UPDATE blocks SET status = 'CANCELLED', finished_at = now() WHERE token = '" + nap.block + "'");

    TestServer second = TestServer.start(first.database(), config);
    try {
      // A node's start has made one rescue pass by the time it answers.
      assertThat(liveMembers(nap.group)).isEmpty();
      assertThat(second.queryOne("select ended_at is not null from command_runs")).isEqualTo("t");
      assertThat(second.api().block(nap.block).getString("status")).isEqualTo("CANCELLED");
      awaitNoProcessInGroup(nap.group);
    } finally {
      second.close();
    }
  }

  private record Running(String session, String block, int group) {
  }

  private static Running start(TestServer node, JsonObject block) {
    JsonObject receipt = node.api().submit(session(block));
    String token = receipt.getJsonArray("blocks").getJsonObject(0).getString("token");
    return new Running(receipt.getString("token"), token, awaitProcess(node, token));
  }

  /** Like a kill -9 of the node's JVM, as the database sees it: its leases stay until they expire, nothing is settled. */
  private static void crash(TestServer node) {
    try {
      node.server().pool().close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      node.server().vertx().close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the node did not go down", e);
    }
  }

  private void assertOneRun(TestServer node, Running running, String status) {
    JsonArray runs = node.api().block(running.block).getJsonArray("runs");
    assertThat(runs).as("runs of %s", running.block).hasSize(1);
    assertThat(runs.getJsonObject(0).getString("status")).isEqualTo(status);
    assertThat(node.queryOne("select pid from command_runs")).as("the same process").isEqualTo(Integer.toString(running.group));
    try (Stream<Path> runDirs = Files.list(workDir.resolve(running.block))) {
      assertThat(runDirs.map(p -> p.getFileName().toString()).toList()).as("one process was started").isEqualTo(List.of("1"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Path runDirectory(Running running) {
    return workDir.resolve(running.block).resolve("1");
  }

  private static void awaitFile(Path file) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!Files.exists(file)) {
      assertThat(System.nanoTime()).as("%s never appeared", file).isLessThan(deadline);
      Api.sleep(20);
    }
  }
}
