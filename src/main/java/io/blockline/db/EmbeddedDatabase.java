package io.blockline.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A real PostgreSQL started from the binaries packaged in the jar, its data directory kept
 * across restarts. Blocking: call it from a worker thread or before Vert.x starts.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);
  /** A Unix socket's path (directory + "/.s.PGSQL.65535") must fit in sun_path's 108 bytes. */
  private static final int MAX_SOCKET_DIRECTORY = 90;

  private final EmbeddedPostgres postgres;
  private final Path dataDir;
  private final String socketDirectory;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir, String socketDirectory) {
    this.postgres = postgres;
    this.dataDir = dataDir;
    this.socketDirectory = socketDirectory;
  }

  /** Starts PostgreSQL on {@code dataDir} (created and initialised on first use). */
  public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
    return start(dataDir, port, Map.of());
  }

  /**
   * As {@link #start(Path, int)}, with the operator's extra server settings (checked by
   * {@link EmbeddedSettings#parse}); they apply at every start, not written into the data directory.
   */
  public static EmbeddedDatabase start(Path dataDir, int port, Map<String, String> settings) throws IOException {
    Path dir = dataDir.toAbsolutePath().normalize();
    Files.createDirectories(dir);
    stopOrphanedPostmaster(dir);
    boolean fresh = !Files.exists(dir.resolve("postgresql.conf"));
    LOG.info("starting embedded PostgreSQL dataDir={} ({})", dir, fresh ? "new" : "existing data");
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        // Our own shutdown sequence stops it after the verticles drained, not before.
        .setRegisterShutdownHook(false)
        .setPGStartupWait(Duration.ofSeconds(60))
        // Durable like any production PostgreSQL: the library's test defaults turn fsync off.
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("max_connections", "200")
        .setServerConfig("listen_addresses", "localhost");
    settings.forEach((name, value) -> builder.setServerConfig(name, "'" + value + "'"));
    // Its Unix socket in the data directory, where no other server's can be: the node's pool
    // talks to it there (a step of a sequential chain spent a quarter of PostgreSQL's CPU in the
    // loopback TCP stack). A directory too long for a socket's path, or with a quote in it (the
    // setting travels quoted through pg_ctl's shell), keeps TCP only.
    String path = dir.toString();
    String socketDirectory = path.length() <= MAX_SOCKET_DIRECTORY && !path.contains("'") ? path : null;
    builder.setServerConfig("unix_socket_directories", socketDirectory == null ? "''" : "'" + socketDirectory + "'");
    if (port > 0) {
      builder.setPort(port);
    }
    EmbeddedPostgres postgres = builder.start();
    LOG.info("embedded PostgreSQL up port={}", postgres.getPort());
    return new EmbeddedDatabase(postgres, dir, socketDirectory);
  }

  /** Over TCP (JDBC, and a pool on Vert.x's NIO transport). */
  public DatabaseTarget target() {
    return new DatabaseTarget("localhost", postgres.getPort(), "postgres", "postgres", "");
  }

  /** Where it also listens on a Unix socket (null: TCP only, the data directory's path was too long). */
  public String socketDirectory() {
    return socketDirectory;
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() throws IOException {
    LOG.info("stopping embedded PostgreSQL");
    postgres.close();
    LOG.info("embedded PostgreSQL stopped");
  }

  /**
   * A server killed with SIGKILL leaves its postmaster running on the data directory; stop it
   * (fast shutdown, which is crash-safe) so this start can own the directory again.
   */
  private static void stopOrphanedPostmaster(Path dir) throws IOException {
    Path pidFile = dir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    Optional<ProcessHandle> orphan = Files.readAllLines(pidFile).stream().findFirst()
        .map(String::trim).filter(s -> s.matches("\\d+"))
        .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
        .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
    if (orphan.isEmpty()) {
      return;
    }
    long pid = orphan.get().pid();
    LOG.warn("found a postmaster left running on dataDir={} pid={}; stopping it", dir, pid);
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
      orphan.get().onExit().get(ORPHAN_STOP_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IOException("could not stop the postmaster left on " + dir + " (pid " + pid + ")", e);
    }
  }
}
