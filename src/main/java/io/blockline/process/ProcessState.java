package io.blockline.process;

/** How a tracked process stands: exited with its marker, still running, or gone without one. Blocking to read. */
sealed interface ProcessState {

  record Exited(ExitMarker marker) implements ProcessState {
  }

  record Running() implements ProcessState {
  }

  record Gone() implements ProcessState {
  }

  /**
   * Looks at the marker, then at {@code /proc} (only when the process's host has not rebooted
   * since: otherwise its pid names nothing of ours), then at the marker again: the wrapper writes
   * it just before it exits, so a process seen gone may have finished between the two looks.
   */
  static ProcessState of(TrackedProcess process, boolean sameBoot) {
    ExitMarker marker = ExitMarker.read(process.dir());
    if (marker != null) {
      return new Exited(marker);
    }
    if (sameBoot && ProcStat.alive(process.pid(), process.startTicks())) {
      return new Running();
    }
    marker = ExitMarker.read(process.dir());
    return marker != null ? new Exited(marker) : new Gone();
  }
}
