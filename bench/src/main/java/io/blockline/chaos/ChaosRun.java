package io.blockline.chaos;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the scenarios share: the PostgreSQL, the work directory, quick or full sizes, and the nodes to stop afterwards. */
final class ChaosRun {
  final Database database;
  final Path workDir;
  final boolean quick;
  /** Nodes join a clustered event bus of their own (a cluster name per run, so no other cluster on the machine is joined). */
  private final Map<String, String> cluster;
  private final List<Node> started = new ArrayList<>();

  ChaosRun(Database database, Path workDir, boolean quick, boolean clustered) {
    this.database = database;
    this.workDir = workDir;
    this.quick = quick;
    this.cluster = clustered
        ? Map.of("BLOCKLINE_CLUSTER_ENABLED", "true", "BLOCKLINE_CLUSTER_NAME", "chaos-" + ProcessHandle.current().pid())
        : Map.of();
  }

  /** A started node on a fresh loopback port, stopped by {@link #stopNodes}. */
  Node node(String name, String pgUri, Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>(cluster);
    settings.putAll(extra);
    Node node = new Node(name, freePort(), pgUri, workDir, settings);
    started.add(node);
    return node.start();
  }

  void stopNodes() {
    started.forEach(Node::stop);
    started.clear();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static double seconds(long startNanos) {
    return Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0;
  }
}
