package io.blockline.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One process as {@code /proc/<pid>/stat} shows it (proc(5)): its state, process group, session
 * and start time. The start time (field 22, clock ticks since boot) tells a process from a later
 * one that got the same pid.
 */
public record ProcStat(int pid, char state, int processGroup, int session, long startTicks) {

  /** The process now, or null when there is none with this pid. */
  public static ProcStat read(long pid) {
    try {
      return parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      return null;   // vanished while read, or unreadable: not a process we can watch
    }
  }

  /** Parses a stat line; the command name (field 2) may hold spaces and parentheses, so fields count from its last ')'. */
  static ProcStat parse(String line) {
    int pid = Integer.parseInt(line.substring(0, line.indexOf(' ')));
    String[] rest = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
    // rest[0] is field 3 (state), so field n is rest[n - 3].
    return new ProcStat(pid, rest[0].charAt(0), Integer.parseInt(rest[2]), Integer.parseInt(rest[3]),
        Long.parseLong(rest[19]));
  }

  /** Dead but not yet reaped by its parent: nothing left to signal. */
  public boolean exited() {
    return state == 'Z' || state == 'X' || state == 'x';
  }

  /** Whether the process recorded with {@code startTicks} is still this one and alive. */
  public static boolean alive(long pid, long startTicks) {
    ProcStat stat = read(pid);
    return stat != null && stat.startTicks == startTicks && !stat.exited();
  }
}
