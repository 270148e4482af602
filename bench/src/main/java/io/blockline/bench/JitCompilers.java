package io.blockline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU seconds the server JVM's JIT compiler threads ("C1 CompilerThre…", "C2 CompilerThre…")
 * have used, from {@code /proc/<pid>/task}: the warm-up runs until they fall quiet. Null where
 * that cannot be read (no pid, not Linux).
 */
final class JitCompilers {
  private final Long pid;

  JitCompilers(Long pid) {
    this.pid = pid;
  }

  Double cpuSeconds() {
    if (pid == null) {
      return null;
    }
    Path tasks = Path.of("/proc", pid.toString(), "task");
    try (Stream<Path> threads = Files.list(tasks)) {
      long ticks = threads.mapToLong(JitCompilers::compilerTicks).sum();
      return ticks / Cpu.TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static long compilerTicks(Path thread) {
    try {
      String name = Files.readString(thread.resolve("comm")).trim();
      if (!name.startsWith("C1 Compiler") && !name.startsWith("C2 Compiler")) {
        return 0;
      }
      return Cpu.ticks(Files.readString(thread.resolve("stat")));
    } catch (IOException | RuntimeException e) {
      return 0; // the thread ended meanwhile
    }
  }
}
