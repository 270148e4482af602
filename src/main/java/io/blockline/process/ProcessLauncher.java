package io.blockline.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Starts a command under the {@link Wrapper}, detached: its own session and process group
 * ({@code setsid}), stdin a pipe that only carries the node's {@code go}, the wrapper's own
 * messages appended to {@code wrapper.log}. Blocking: call it on a worker thread.
 */
final class ProcessLauncher {
  private static final long SESSION_WAIT_MS = 2_000;

  private final Map<String, String> environment;
  private final long maxOutputBytes;

  ProcessLauncher(Map<String, String> environment, long maxOutputBytes) {
    this.environment = environment;
    this.maxOutputBytes = maxOutputBytes;
  }

  /** A started wrapper that waits for {@link #go()}: the command has not started yet. */
  record Launched(Process process, RunDirectory dir, int pid, long startTicks) {

    /** Lets the command start; the wrapper needs nothing more from the node. */
    void go() throws IOException {
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write("go\n".getBytes(StandardCharsets.US_ASCII));
      }
    }

    /** The wrapper exits without starting the command. */
    void abandon() {
      try {
        process.getOutputStream().close();
      } catch (IOException e) {
        process.destroyForcibly();
      }
    }
  }

  Launched launch(RunDirectory dir, List<String> command) throws IOException {
    dir.create();
    ProcessBuilder builder = new ProcessBuilder(Wrapper.commandLine(dir, maxOutputBytes, command))
        .directory(dir.work().toFile())
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.path().resolve("wrapper.log").toFile()))
        .redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    int pid = (int) process.pid();
    try {
      return new Launched(process, dir, pid, sessionLeader(pid).startTicks());
    } catch (IOException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /**
   * The wrapper once {@code setsid} made it the leader of its session (and so of its group, whose
   * id is its pid): only then does a signal to the group reach everything it will start.
   */
  private static ProcStat sessionLeader(int pid) throws IOException {
    long deadline = System.nanoTime() + SESSION_WAIT_MS * 1_000_000;
    while (true) {
      ProcStat stat = ProcStat.read(pid);
      if (stat == null || stat.exited()) {
        throw new IOException("the command's wrapper (pid " + pid + ") exited before it started the command");
      }
      if (stat.session() == pid && stat.processGroup() == pid) {
        return stat;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("the command's wrapper (pid " + pid + ") did not become a session leader");
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting a command", e);
      }
    }
  }
}
