package io.blockline.testsupport;

import io.blockline.BlocklineServer;
import io.blockline.config.BlocklineConfig;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Blockline node in a JVM of its own, for what only a real process can show: a {@code kill -9}
 * of the node. Started from the test's class path with a configuration; its output goes to a log
 * file under {@code target/}.
 */
public final class ChildNode {
  private static final String READY = "CHILD-NODE-READY ";

  private final Process process;
  private final Api api;

  private ChildNode(Process process, int port) {
    this.process = process;
    this.api = new Api(port);
  }

  /** Runs in the child JVM: starts the node from the JSON configuration in args[0], says on which port, waits to be killed. */
  public static void main(String[] args) throws Exception {
    BlocklineServer server = BlocklineServer.start(BlocklineConfig.from(new JsonObject(args[0])))
        .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    System.out.println(READY + server.httpPort());
    System.out.flush();
    Thread.currentThread().join();
  }

  public static ChildNode start(JsonObject config) {
    try {
      Path log = Files.createTempFile(Files.createDirectories(Path.of("target", "child-nodes")), "node", ".log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
          ChildNode.class.getName(), config.encode()))
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new ChildNode(process, awaitPort(process, log));
    } catch (IOException e) {
      throw new IllegalStateException("could not start a child node", e);
    }
  }

  private static int awaitPort(Process process, Path log) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      for (String line : Files.readAllLines(log)) {
        if (line.startsWith(READY)) {
          return Integer.parseInt(line.substring(READY.length()).trim());
        }
      }
      Api.sleep(100);
    }
    process.destroyForcibly();
    throw new IllegalStateException("the child node did not start; see " + log.toAbsolutePath());
  }

  public Api api() {
    return api;
  }

  /** SIGKILL, as {@code kill -9}: nothing of the node runs after it, nothing is settled. */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the child node did not die");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
