package io.blockline.testsupport;

import io.blockline.db.DatabaseTarget;
import io.blockline.db.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real PostgreSQL every test runs against, started once per JVM: {@code BLOCKLINE_TEST_PG_URI}
 * if set, else Testcontainers when a Docker engine answers, else an embedded PostgreSQL. The schema
 * is migrated once into a template database; each test gets a fresh clone of it.
 */
public final class TestDatabase {
  private static final String TEMPLATE = "blockline_template";
  /** Outside every search path until {@link #freshWithMovableClock} puts it there. */
  private static final String MOVABLE_CLOCK = """
      CREATE SCHEMA blockline_clock;
      CREATE TABLE blockline_clock.offset_ms (ms bigint NOT NULL);
      INSERT INTO blockline_clock.offset_ms VALUES (0);
      CREATE FUNCTION blockline_clock.now() RETURNS timestamptz LANGUAGE sql STABLE AS
        $$ SELECT pg_catalog.now() + (SELECT ms FROM blockline_clock.offset_ms) * interval '1 millisecond' $$;
      """;
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static DatabaseTarget server;

  private TestDatabase() {
  }

  /** A new, migrated, empty database of its own. */
  public static synchronized DatabaseTarget fresh() {
    DatabaseTarget root = server();
    String name = "test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    execute(root, "CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
    return root.withDatabase(name);
  }

  /** A new database with no schema at all: migration tests bring it to the version they start from. */
  public static synchronized DatabaseTarget empty() {
    DatabaseTarget root = server();
    String name = "test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    execute(root, "CREATE DATABASE " + name);
    return root.withDatabase(name);
  }

  /**
   * A fresh database whose {@code now()} is real time plus the offset a {@link TestClock} moves:
   * its connections find {@code blockline_clock.now()} before PostgreSQL's own (an explicit
   * {@code pg_catalog} at the end of the search path lets a schema before it override a built-in),
   * so the server's unchanged SQL decides due times, leases and retention on the moved clock.
   * Set before the node opens its pool: the setting applies to new connections.
   */
  public static DatabaseTarget freshWithMovableClock() {
    DatabaseTarget target = fresh();
    execute(target, "ALTER DATABASE " + target.database() + " SET search_path = public, blockline_clock, pg_catalog");
    return target;
  }

  private static DatabaseTarget server() {
    if (server != null) {
      return server;
    }
    DatabaseTarget root = start();
    execute(root, "DROP DATABASE IF EXISTS " + TEMPLATE);
    execute(root, "CREATE DATABASE " + TEMPLATE);
    Migrations.migrate(root.withDatabase(TEMPLATE));
    execute(root.withDatabase(TEMPLATE), MOVABLE_CLOCK);
    server = root;
    return server;
  }

  private static DatabaseTarget start() {
    String uri = System.getenv("BLOCKLINE_TEST_PG_URI");
    if (uri != null && !uri.isBlank()) {
      return DatabaseTarget.fromUri(uri);
    }
    if (dockerAvailable()) {
      PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:17-alpine");
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
      return new DatabaseTarget(container.getHost(), container.getMappedPort(5432), container.getDatabaseName(),
          container.getUsername(), container.getPassword());
    }
    try {
      Path dir = Files.createTempDirectory("blockline-test-pg");
      EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true)
          .setServerConfig("max_connections", "300").start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          postgres.close();
        } catch (Exception ignored) {
          // the JVM is going away
        }
      }));
      return new DatabaseTarget("localhost", postgres.getPort(), "postgres", "postgres", "");
    } catch (Exception e) {
      throw new IllegalStateException("cannot start an embedded PostgreSQL for the tests", e);
    }
  }

  private static boolean dockerAvailable() {
    if (!Files.exists(Path.of("/var/run/docker.sock")) && System.getenv("DOCKER_HOST") == null) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      return false;
    }
  }

  /** Runs one statement on the database (tests use it to inspect or age rows). */
  public static void execute(DatabaseTarget target, String sql) {
    try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
         Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (Exception e) {
      throw new IllegalStateException("SQL failed: " + sql, e);
    }
  }

  /**
   * EXPLAIN of {@code sql} as a prepared statement executed with {@code args} (SQL literals),
   * inside a transaction started by {@code opening} (BEGIN, maybe with SET LOCAL settings, as the
   * node opens its own) and rolled back: the plan the node's statement gets there.
   */
  public static List<String> explain(DatabaseTarget target, String opening, String sql, String... args) {
    try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
         Statement s = c.createStatement()) {
      s.execute(opening);
      s.execute("PREPARE probe AS " + sql);
      List<String> lines = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE probe(" + String.join(", ", args) + ")")) {
        while (rs.next()) {
          lines.add(rs.getString(1));
        }
      }
      s.execute("ROLLBACK");
      return lines;
    } catch (Exception e) {
      throw new IllegalStateException("EXPLAIN failed: " + sql, e);
    }
  }

  /** The first column of the first row as a string, or null. */
  public static String queryOne(DatabaseTarget target, String sql) {
    try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
         Statement s = c.createStatement();
         var rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (Exception e) {
      throw new IllegalStateException("SQL failed: " + sql, e);
    }
  }
}
