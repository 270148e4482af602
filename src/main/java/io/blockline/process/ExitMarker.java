package io.blockline.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;

/** What the wrapper writes when its command ended: the exit status and when (epoch ms). */
record ExitMarker(int exitCode, long finishedAtMs) {

  /** The marker of this run, or null while there is none (the wrapper moves it in whole). */
  static ExitMarker read(RunDirectory dir) {
    try {
      return parse(Files.readString(dir.exitMarker()));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + dir.exitMarker(), e);
    }
  }

  static ExitMarker parse(String text) {
    String[] parts = text.trim().split("\\s+");
    if (parts.length != 2) {
      throw new IllegalArgumentException("not an exit marker: " + text.trim());
    }
    return new ExitMarker(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
  }
}
