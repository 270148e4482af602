package io.blockline.process;

import io.blockline.config.ConfigException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * At start-up, when command handlers are enabled: what they need of this host is there (Linux's
 * {@code /proc}, {@code setsid}, {@code /bin/sh}, a writable work directory), or the node does
 * not start, with one line per missing piece. Blocking.
 */
public final class CommandHost {
  private CommandHost() {
  }

  /** This host's identity, after checking it can run commands if {@code settings} enables them. */
  public static HostIdentity prepare(CommandSettings settings) {
    if (!settings.enabled()) {
      return HostIdentity.current();
    }
    List<String> problems = new ArrayList<>();
    if (!Files.isReadable(Path.of("/proc/self/stat"))) {
      problems.add("handlers.command.enabled=true needs Linux's /proc (to find processes again after a restart)");
    }
    if (!new File(Wrapper.SETSID).canExecute()) {
      problems.add("handlers.command.enabled=true needs setsid (util-linux) at " + Wrapper.SETSID);
    }
    if (!new File(Wrapper.SH).canExecute()) {
      problems.add("handlers.command.enabled=true needs " + Wrapper.SH);
    }
    for (String tool : Wrapper.TOOLS) {
      if (Stream.of(Wrapper.TOOLS_PATH.split(":")).noneMatch(dir -> new File(dir, tool).canExecute())) {
        problems.add("handlers.command.enabled=true needs " + tool + " (GNU coreutils) in " + Wrapper.TOOLS_PATH);
      }
    }
    try {
      Files.createDirectories(settings.workDir());
      if (!Files.isWritable(settings.workDir())) {
        problems.add("invalid configuration handlers.command.workDir=" + settings.workDir() + ": not writable");
      }
    } catch (IOException e) {
      problems.add("invalid configuration handlers.command.workDir=" + settings.workDir() + ": " + e.getMessage());
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return HostIdentity.current();
  }
}
