package io.blockline.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which host and which boot of it a process was started on: a pid names a process only on its
 * own host and only until that host reboots, so a recorded process is looked for in
 * {@code /proc} only where both match.
 */
public record HostIdentity(String name, String bootId) {

  /** This host, from the kernel's own files. */
  public static HostIdentity current() {
    return new HostIdentity(read("/proc/sys/kernel/hostname", "localhost"), read("/proc/sys/kernel/random/boot_id", "unknown"));
  }

  private static String read(String file, String fallback) {
    try {
      String value = Files.readString(Path.of(file)).trim();
      return value.isEmpty() ? fallback : value;
    } catch (IOException e) {
      return fallback;
    }
  }
}
