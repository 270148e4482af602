package io.blockline.bench;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU seconds used, from /proc: the server JVM, the local PostgreSQL (its postmaster and every
 * process under it: backends, walwriter, checkpointer, autovacuum; the bench's own few queries
 * included), and this load generator. On a 2-core machine these say where a scenario's time went.
 * Processes that exited meanwhile are not counted.
 */
final class Cpu {
  static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

  record Snapshot(double serverS, double pgS, double benchS) {
  }

  private final Long serverPid;
  private final Long postmasterPid;

  /** @param postmasterPid null when PostgreSQL does not run on this machine */
  Cpu(Long serverPid, Long postmasterPid) {
    this.serverPid = serverPid;
    this.postmasterPid = postmasterPid;
  }

  /** The postmaster of a local PostgreSQL: the parent of one of its backends, if it is a postgres process here. */
  static Long postmasterOf(long backendPid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(backendPid), "stat"));
      if (!stat.contains("(postgres)")) {
        return null;
      }
      long parent = fields(stat)[1];
      String parentStat = Files.readString(Path.of("/proc", Long.toString(parent), "stat"));
      return parentStat.contains("(postgres)") ? parent : null;
    } catch (Exception e) {
      return null;
    }
  }

  Snapshot take() {
    double bench = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    Map<Long, long[]> stats = readAll();
    long[] server = serverPid == null ? null : stats.get(serverPid);
    double pg = Double.NaN;
    if (postmasterPid != null && stats.containsKey(postmasterPid)) {
      Map<Long, List<Long>> children = new HashMap<>();
      stats.forEach((pid, s) -> children.computeIfAbsent(s[0], k -> new ArrayList<>()).add(pid));
      long ticks = 0;
      ArrayDeque<Long> todo = new ArrayDeque<>(List.of(postmasterPid));
      while (!todo.isEmpty()) {
        long pid = todo.poll();
        ticks += stats.get(pid)[1];
        todo.addAll(children.getOrDefault(pid, List.of()));
      }
      pg = ticks / TICKS_PER_SECOND;
    }
    return new Snapshot(server == null ? Double.NaN : server[1] / TICKS_PER_SECOND, pg, bench);
  }

  /**
   * The numeric fields of a {@code /proc/…/stat} line after the command name (which may hold
   * spaces), indexed from the state field (index 0, a letter, left 0): 1 is the parent's pid,
   * 11 and 12 utime and stime.
   */
  static long[] fields(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long[] values = new long[13];
    for (int i = 1; i < values.length; i++) {
      values[i] = Long.parseLong(f[i]);
    }
    return values;
  }

  /** utime + stime of a {@code /proc/…/stat} line (a process's or a thread's), in clock ticks. */
  static long ticks(String stat) {
    long[] f = fields(stat);
    return f[11] + f[12];
  }

  /** pid → {ppid, utime + stime ticks} of every process. */
  private static Map<Long, long[]> readAll() {
    Map<Long, long[]> all = new HashMap<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
        try {
          String stat = Files.readString(p.resolve("stat"));
          all.put(Long.parseLong(p.getFileName().toString()), new long[] {fields(stat)[1], ticks(stat)});
        } catch (Exception e) {
          // the process exited meanwhile
        }
      });
    } catch (Exception e) {
      return all;
    }
    return all;
  }
}
