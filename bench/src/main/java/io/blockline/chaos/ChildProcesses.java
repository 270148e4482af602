package io.blockline.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The JVMs a chaos run starts (nodes, PostgreSQL), from its own class path, and the signals it sends them. */
final class ChildProcesses {
  private ChildProcesses() {
  }

  /** Starts {@code java -cp <ours> mainClass args} with {@code env} added, its output to {@code log}. */
  static Process java(String mainClass, List<String> args, Map<String, String> env, Path log, String heap) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-XX:+UseSerialGC", "-Dlogback.configurationFile=logback.xml", "-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(env);
      return builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + mainClass, e);
    }
  }

  /** Sends a signal by name (KILL, TERM, STOP, CONT) to one process. */
  static void signal(Process process, String name) {
    try {
      new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    } catch (IOException e) {
      throw new IllegalStateException("kill -" + name + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for the process to end, SIGKILL after {@code seconds}. */
  static void awaitExit(Process process, long seconds) {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
