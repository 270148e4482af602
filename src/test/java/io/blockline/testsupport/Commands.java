package io.blockline.testsupport;

import io.blockline.db.DatabaseTarget;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Command blocks in tests: configuration that enables them, submit bodies, and looks at the real
 * processes they start, through the operating system's own tools ({@code pgrep}, {@code ps}), not
 * through Blockline's code.
 */
public final class Commands {
  private Commands() {
  }

  /** Overrides that enable command handlers with {@code allow}, a fresh work directory and short kill grace. */
  public static JsonObject enabled(String allow) {
    return enabled(allow, workDirectory());
  }

  /** As {@link #enabled(String)}, runs under {@code workDir} (nodes that take over each other's processes share one). */
  public static JsonObject enabled(String allow, Path workDir) {
    return new JsonObject()
        .put("handlers.command.enabled", true)
        .put("handlers.command.allow", allow)
        .put("handlers.command.workDir", workDir.toString())
        .put("handlers.command.killGraceMs", 300);
  }

  /** A fresh work directory under target/, so that a run's leftovers stay with the build. */
  public static Path workDirectory() {
    try {
      Path root = Files.createDirectories(Path.of("target", "command-runs"));
      return Files.createTempDirectory(root.toAbsolutePath(), "node");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A block running {@code argv}. */
  public static JsonObject command(String id, String... argv) {
    return new JsonObject().put("id", id).put("handler", new JsonObject().put("type", "command")
        .put("argv", new JsonArray(List.of((Object[]) argv))));
  }

  /** The pid (= process group id) of the block's latest process, once recorded; null before. */
  public static Integer processGroup(DatabaseTarget database, String blockToken) {
    String pid = TestDatabase.queryOne(database, "select c.pid from command_runs c join blocks b on b.id = c.block_id"
        + " where b.token = '" + blockToken + "'");
    return pid == null ? null : Integer.valueOf(pid);
  }

  /** Waits until the block's process is recorded and alive; returns its process group id. */
  public static int awaitProcess(TestServer node, String blockToken) {
    return awaitProcess(node.database(), blockToken);
  }

  public static int awaitProcess(DatabaseTarget database, String blockToken) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      Integer pgid = processGroup(database, blockToken);
      if (pgid != null && !liveMembers(pgid).isEmpty()) {
        return pgid;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("block " + blockToken + " never had a live process (recorded pgid " + pgid + ")");
      }
      Api.sleep(20);
    }
  }

  /** {@code pgrep -g}: every process of the group, zombies included. */
  public static List<String> pgrep(int pgid) {
    return run("pgrep", "-g", Integer.toString(pgid));
  }

  /** Processes of the group that have not exited (a zombie waits for its parent to reap it: it runs nothing). */
  public static List<String> liveMembers(int pgid) {
    List<String> live = new ArrayList<>();
    for (String line : run("ps", "-e", "-o", "pgid=,pid=,stat=,args=")) {
      String[] f = line.trim().split("\\s+", 4);
      if (f.length >= 3 && f[0].equals(Integer.toString(pgid)) && !f[2].startsWith("Z")) {
        live.add(line.trim());
      }
    }
    return live;
  }

  /**
   * Waits until {@code pgrep -g} finds nothing of the group: no process left, not even a zombie
   * (orphans are reaped by the init process, which may take a moment).
   */
  public static void awaitNoProcessInGroup(int pgid) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<String> found = pgrep(pgid);
    while (!found.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("process group " + pgid + " still has processes " + found + ": " + run("ps", "-g",
            Integer.toString(pgid), "-o", "pid,stat,args"));
      }
      Api.sleep(50);
      found = pgrep(pgid);
    }
  }

  /** Sends {@code signal} to every process of the group, as an operator would with kill(1). */
  public static void killGroup(int pgid, String signal) {
    run("kill", "-s", signal, "--", "-" + pgid);
  }

  private static List<String> run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out.lines().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
