package io.blockline.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The directory of one command run, {@code <workDir>/<block token>/<execution>}: the captured
 * {@code stdout} and {@code stderr} (with a {@code .truncated} flag file beside a stream that
 * reached the cap), the {@code exit} marker the wrapper writes last, and {@code work/}, the
 * command's working directory.
 */
public record RunDirectory(Path path) {
  /** The two captured streams, by the name the API uses for them. */
  public static final String STDOUT = "stdout";
  public static final String STDERR = "stderr";

  public static RunDirectory of(Path workDir, String blockToken, int execution) {
    return new RunDirectory(workDir.resolve(blockToken).resolve(Integer.toString(execution)));
  }

  public static RunDirectory of(String path) {
    return new RunDirectory(Path.of(path));
  }

  public Path stream(String name) {
    return path.resolve(name);
  }

  public Path truncatedFlag(String stream) {
    return path.resolve(stream + ".truncated");
  }

  public Path exitMarker() {
    return path.resolve("exit");
  }

  public Path work() {
    return path.resolve("work");
  }

  /** Creates the directories and empty output files, so a reader never finds them missing. */
  void create() throws IOException {
    Files.createDirectories(work());
    for (String stream : new String[] {STDOUT, STDERR}) {
      if (!Files.exists(stream(stream))) {
        Files.createFile(stream(stream));
      }
    }
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
