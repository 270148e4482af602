package io.blockline.process;

import io.blockline.store.BlockStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Deletes the run directories of blocks that no longer exist (retention pruned their session, or
 * it was deleted): each pass lists the block directories under {@code handlers.command.workDir},
 * asks the database which of those blocks are left, and removes the others. Whichever node pruned
 * a session, each node cleans its own disk.
 */
public final class RunDirectorySweeper {
  private static final Logger LOG = LoggerFactory.getLogger(RunDirectorySweeper.class);
  /**
   * A block token (see session.Tokens: its session's token body, a dot and its seq; before V12, no
   * dot and no seq): nothing else under the work directory is ever touched.
   */
  private static final Pattern BLOCK_TOKEN = Pattern.compile("b[0-9a-v]{9}[A-Za-z0-9_-]{16}(\\.(0|[1-9][0-9]{0,6}))?");
  private static final int MAX_PER_PASS = 10_000;

  private final Vertx vertx;
  private final Pool pool;
  private final Path workDir;

  public RunDirectorySweeper(Vertx vertx, Pool pool, Path workDir) {
    this.vertx = vertx;
    this.pool = pool;
    this.workDir = workDir;
  }

  /** One pass; completes with the number of block directories deleted. */
  public Future<Integer> sweep() {
    return vertx.executeBlocking(this::blockDirectories, false).compose(tokens -> tokens.isEmpty()
        ? Future.succeededFuture(0)
        : BlockStore.existingTokens(pool, tokens.toArray(String[]::new))
            .compose(existing -> vertx.executeBlocking(() -> deleteAllBut(tokens, existing), false)));
  }

  private List<String> blockDirectories() throws IOException {
    List<String> tokens = new ArrayList<>();
    if (!Files.isDirectory(workDir)) {
      return tokens;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(workDir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (BLOCK_TOKEN.matcher(name).matches() && Files.isDirectory(entry) && tokens.size() < MAX_PER_PASS) {
          tokens.add(name);
        }
      }
    }
    return tokens;
  }

  private int deleteAllBut(List<String> tokens, Set<String> existing) {
    int deleted = 0;
    for (String token : tokens) {
      if (!existing.contains(token)) {
        deleteTree(workDir.resolve(token));
        deleted++;
      }
    }
    if (deleted > 0) {
      LOG.info("deleted the run directories of {} pruned command block(s)", deleted);
    }
    return deleted;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not delete run directory {}: {}", root, e.toString());
    }
  }
}
