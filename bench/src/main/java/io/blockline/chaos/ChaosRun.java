package io.blockline.chaos;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the scenarios share: the PostgreSQL, the work directory, quick or full sizes, and the nodes to stop afterwards. */
final class ChaosRun {
  final Database database;
  final Path workDir;
  final boolean quick;
  private final List<Node> started = new ArrayList<>();

  ChaosRun(Database database, Path workDir, boolean quick) {
    this.database = database;
    this.workDir = workDir;
    this.quick = quick;
  }

  /** A started node on a fresh loopback port, stopped by {@link #stopNodes}. */
  Node node(String name, String pgUri, Map<String, String> extra) {
    Node node = new Node(name, freePort(), pgUri, workDir, extra);
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
