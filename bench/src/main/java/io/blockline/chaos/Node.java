package io.blockline.chaos;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Blockline node ({@code io.blockline.Main}, as {@code java -jar}) in a child JVM on loopback,
 * configured through its environment; killed, paused, resumed or stopped by signals.
 */
final class Node {
  /** What every chaos node runs with: the defaults of cluster.*, and retries fast enough to watch. */
  static final Map<String, String> SETTINGS = Map.of(
      "BLOCKLINE_WORKERS_CONCURRENCY", "32",
      "BLOCKLINE_RETRY_INITIAL_DELAY_MS", "200",
      "BLOCKLINE_RETRY_MULTIPLIER", "2",
      "BLOCKLINE_RETRY_MAX_DELAY_MS", "2000",
      "BLOCKLINE_SHUTDOWN_GRACE_MS", "5000",
      "BLOCKLINE_PG_CONNECT_MAX_BACKOFF_MS", "1000");

  final String name;
  final int port;
  final Http http;
  private final Map<String, String> env = new HashMap<>(SETTINGS);
  private final Path log;
  private Process process;

  Node(String name, int port, String pgUri, Path workDir, Map<String, String> extra) {
    this.name = name;
    this.port = port;
    this.http = new Http(port);
    this.log = workDir.resolve(name + ".log");
    env.put("BLOCKLINE_HTTP_HOST", "127.0.0.1");
    env.put("BLOCKLINE_HTTP_PORT", Integer.toString(port));
    env.put("BLOCKLINE_PG_URI", pgUri);
    env.putAll(extra);
  }

  /** Starts the JVM and waits for /health 200. */
  Node start() {
    process = ChildProcesses.java("io.blockline.Main", List.of(), env, log, "256m");
    if (!awaitHealthy(180_000)) {
      throw new IllegalStateException(name + " did not become healthy; see " + log);
    }
    return this;
  }

  /** Polls /health until 200; false after {@code ms}. */
  boolean awaitHealthy(long ms) {
    long deadline = System.nanoTime() + ms * 1_000_000;
    while (System.nanoTime() < deadline) {
      if (process != null && !process.isAlive()) {
        return false;
      }
      if (http.status("/health") == 200) {
        return true;
      }
      ChildProcesses.sleep(50);
    }
    return false;
  }

  /** The node's id, as /v1/nodes and blocks.leased_by name it. */
  String id() {
    return http.getJson("/v1/nodes").getString("node");
  }

  /** A counter from /metrics (0 when absent). */
  double metric(String name) {
    return http.getText("/metrics").lines().filter(l -> l.startsWith(name + " "))
        .mapToDouble(l -> Double.parseDouble(l.split(" ")[1])).findFirst().orElse(0);
  }

  JsonObject nodes() {
    return http.getJson("/v1/nodes");
  }

  void kill() {
    ChildProcesses.signal(process, "KILL");
    ChildProcesses.awaitExit(process, 30);
  }

  void pause() {
    ChildProcesses.signal(process, "STOP");
  }

  void resume() {
    ChildProcesses.signal(process, "CONT");
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** SIGTERM, the graceful stop; SIGKILL if it takes more than a minute. */
  void stop() {
    if (alive()) {
      ChildProcesses.signal(process, "CONT");
      ChildProcesses.signal(process, "TERM");
      ChildProcesses.awaitExit(process, 60);
    }
  }
}
