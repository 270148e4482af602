package io.blockline.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/** The run's PostgreSQL ({@link PgLauncher} in a child JVM): started, stopped and started again on the same data. */
final class Database implements AutoCloseable {
  private final Path dataDir;
  private final int port;
  private final Path log;
  private Process launcher;

  Database(Path workDir, int port) {
    this.dataDir = workDir.resolve("pg");
    this.port = port;
    this.log = workDir.resolve("pg.log");
  }

  void start() {
    int before = readyLines();
    launcher = ChildProcesses.java(PgLauncher.class.getName(), List.of(dataDir.toString(), Integer.toString(port)),
        Map.of(), log, "128m");
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (readyLines() == before) {
      if (!launcher.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("PostgreSQL did not start; see " + log);
      }
      ChildProcesses.sleep(50);
    }
  }

  /** READY lines in the log: one per start so far. */
  private int readyLines() {
    try {
      return (int) Files.readAllLines(log).stream().filter(PgLauncher.READY::equals).count();
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  /** SIGTERM: PostgreSQL's fast shutdown, as an operator's stop. */
  void stop() {
    ChildProcesses.signal(launcher, "TERM");
    ChildProcesses.awaitExit(launcher, 60);
  }

  /** A fresh database for one scenario; nodes migrate it when they start. */
  String create(String name) {
    execute("postgres", "DROP DATABASE IF EXISTS " + name);
    execute("postgres", "CREATE DATABASE " + name);
    return "postgresql://postgres@localhost:" + port + "/" + name;
  }

  Connection connect(String name) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + name, "postgres", "");
  }

  private void execute(String database, String sql) {
    try (Connection c = connect(database); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (launcher != null && launcher.isAlive()) {
      stop();
    }
  }
}
