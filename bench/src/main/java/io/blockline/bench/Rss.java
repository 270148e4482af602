package io.blockline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server JVM's resident memory from {@code /proc/<pid>/status}: VmHWM (peak) and VmRSS (now).
 * {@link #resetPeak()} writes 5 to {@code /proc/<pid>/clear_refs} so each scenario gets its own peak
 * (Linux ≥ 4.0, same user); where that is refused the peak is the process's since start.
 */
final class Rss {
  private final Long pid;

  Rss(Long pid) {
    this.pid = pid;
  }

  boolean available() {
    return pid != null && Files.isReadable(status());
  }

  /** @return true when the kernel reset VmHWM to the current RSS */
  boolean resetPeak() {
    if (!available()) {
      return false;
    }
    try {
      Files.writeString(Path.of("/proc", pid.toString(), "clear_refs"), "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** VmHWM in MiB, or null without a pid. */
  Double peakMb() {
    return field("VmHWM:");
  }

  /** VmRSS in MiB, or null without a pid. */
  Double currentMb() {
    return field("VmRSS:");
  }

  private Double field(String name) {
    if (!available()) {
      return null;
    }
    try {
      for (String line : Files.readAllLines(status())) {
        if (line.startsWith(name)) {
          String kb = line.substring(name.length()).trim().split("\\s+")[0];
          return Long.parseLong(kb) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }

  private Path status() {
    return Path.of("/proc", String.valueOf(pid), "status");
  }
}
