package io.blockline.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The live processes of one process group (a command's wrapper leads its own, so the group is the
 * command and everything it started), and signals to them. Blocking: {@code /proc} is read.
 */
final class ProcessGroup {
  private ProcessGroup() {
  }

  /** Processes of group {@code pgid} that have not exited (zombies left for their parent to reap are not counted). */
  static List<ProcStat> liveMembers(int pgid) {
    List<ProcStat> members = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), ProcessGroup::isPid)) {
      for (Path entry : entries) {
        ProcStat stat = ProcStat.read(Long.parseLong(entry.getFileName().toString()));
        if (stat != null && stat.processGroup() == pgid && !stat.exited()) {
          members.add(stat);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return members;
  }

  /**
   * SIGTERM ({@code force} false) or SIGKILL to every live member; completes with how many there
   * were. Each signal checks the member's start time, so a pid reused meanwhile is left alone.
   */
  static int signal(int pgid, boolean force) {
    List<ProcStat> members = liveMembers(pgid);
    for (ProcStat member : members) {
      // The handle keeps the start time of the process it found; checked against ours after it
      // was taken, a pid reused in between is never signalled.
      ProcessHandle.of(member.pid()).ifPresent(handle -> {
        if (!ProcStat.alive(member.pid(), member.startTicks())) {
          return;
        }
        if (force) {
          handle.destroyForcibly();
        } else {
          handle.destroy();
        }
      });
    }
    return members.size();
  }

  private static boolean isPid(Path entry) {
    String name = entry.getFileName().toString();
    return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
  }
}
