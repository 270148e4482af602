package io.blockline.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where a test node with authentication writes its first admin key, and reading it back. */
public final class AdminKeys {
  private AdminKeys() {
  }

  /** A fresh path for {@code auth.adminKeyFile}, in a directory of its own. */
  public static Path freshFile() {
    try {
      return Files.createTempDirectory("blockline-admin-key").resolve("admin.key");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key the node wrote there at start. */
  public static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (Exception e) {
      throw new IllegalStateException("no admin key in " + file, e);
    }
  }
}
