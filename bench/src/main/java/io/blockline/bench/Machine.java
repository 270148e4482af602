package io.blockline.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** One line about where the benchmark ran: CPUs, CPU model, memory, OS, Java. */
public final class Machine {
  private Machine() {
  }

  public static String describe() {
    return Runtime.getRuntime().availableProcessors() + " CPUs (" + procLine("/proc/cpuinfo", "model name") + "), "
        + procLine("/proc/meminfo", "MemTotal") + " RAM, " + System.getProperty("os.name") + " "
        + System.getProperty("os.version") + " " + System.getProperty("os.arch") + ", Java "
        + System.getProperty("java.runtime.version");
  }

  private static String procLine(String file, String key) {
    try {
      for (String line : Files.readAllLines(Path.of(file))) {
        if (line.startsWith(key)) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (Exception e) {
      return "?";
    }
    return "?";
  }
}
