package io.blockline.bench;

import io.blockline.db.DatabaseTarget;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * JDBC access to the server's database: the clock, the settings in use, and the bounded wait
 * until a scenario's sessions rest. Timestamps are read as epoch milliseconds (microsecond precision).
 * The bench's queries read a session's blocks as its range of block ids (V12), one session at a
 * time (LATERAL, kept a subquery by OFFSET 0), as the server does: blocks have no index on
 * session_id, and both a join on it and a join on the range were planned, under a generic plan, as
 * a scan of every block per session (more than ten minutes for one count).
 */
final class Db implements AutoCloseable {
  /** Sessions {@code s} with their blocks {@code b}, read as described above. */
  static final String SESSIONS_WITH_BLOCKS = sessionsWithBlocks("s", "b");
  static final List<String> SETTINGS = List.of("server_version", "fsync", "synchronous_commit", "full_page_writes",
      "wal_level", "shared_buffers", "max_connections", "max_wal_size", "autovacuum");
  private static final long POLL_MS = 200;
  private static final long REPORT_MS = 5_000;
  private static final long STALL_MS = 60_000;

  private final String url;
  private final Properties properties;
  private final Connection shared;

  private Db(String url, Properties properties) throws SQLException {
    this.url = url;
    this.properties = properties;
    this.shared = connect();
  }

  /** {@code jdbc:postgresql://…} as is, or a {@code postgresql://user:pw@host:port/db} URI as pg.uri takes it. */
  static Db open(String spec) throws SQLException {
    if (spec.startsWith("jdbc:")) {
      return new Db(spec, new Properties());
    }
    DatabaseTarget target = DatabaseTarget.fromUri(spec);
    return new Db(target.jdbcUrl(), credentials(target));
  }

  /** JDBC connection properties for {@code target}: its user, and its password when it has one. */
  static Properties credentials(DatabaseTarget target) {
    Properties properties = new Properties();
    properties.setProperty("user", target.user());
    if (target.password() != null && !target.password().isEmpty()) {
      properties.setProperty("password", target.password());
    }
    return properties;
  }

  /**
   * A new connection of its own (autocommit); close it. JIT is off: on a server built with LLVM
   * (PostgreSQL 15 as packaged) the bench's progress count over a scenario's blocks, run while the
   * node works, was compiled at each call, about 200 ms of database CPU taken from the node's
   * share; its one-off reads gain nothing from it either.
   */
  Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(url, properties);
    try (Statement s = c.createStatement()) {
      s.execute("SET application_name = 'blockline-bench'");
      s.execute("SET jit = off");
    }
    return c;
  }

  Connection shared() {
    return shared;
  }

  /** The database's clock, epoch milliseconds: the origin every DB-measured duration is taken from. */
  double nowMs() throws SQLException {
    return queryDouble("SELECT extract(epoch FROM clock_timestamp()) * 1000");
  }

  Map<String, String> settings() throws SQLException {
    Map<String, String> values = new LinkedHashMap<>();
    try (Statement s = shared.createStatement()) {
      for (String name : SETTINGS) {
        try (ResultSet rs = s.executeQuery("SHOW " + name)) {
          rs.next();
          values.put(name, rs.getString(1));
        }
      }
    }
    return values;
  }

  double queryDouble(String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = prepare(sql, params); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getDouble(1);
    }
  }

  long queryLong(String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = prepare(sql, params); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  PreparedStatement prepare(String sql, Object... params) throws SQLException {
    PreparedStatement ps = shared.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      ps.setObject(i + 1, params[i]);
    }
    return ps;
  }

  /**
   * Gives the next scenario a database without the previous ones' garbage: waits (at most 60 s)
   * until no autovacuum worker runs, then vacuums and analyzes the tables the scenarios churn. A
   * scenario then pays for the vacuum its own rows cause (autovacuum runs during it as it would in
   * service), not for what the earlier scenarios left.
   */
  void prepareForScenario(PrintStream log) throws SQLException, InterruptedException {
    long start = System.currentTimeMillis();
    int quiet = 0;
    while (quiet < 2 && System.currentTimeMillis() - start < 60_000) {
      long workers = queryLong("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'");
      quiet = workers == 0 ? quiet + 1 : 0;
      Thread.sleep(100);
    }
    long waited = System.currentTimeMillis() - start;
    if (waited > 1_000) {
      log.printf("  (waited %.1f s for autovacuum to finish)%n", waited / 1000.0);
    }
    try (java.sql.Statement st = shared.createStatement()) {
      st.execute("VACUUM (ANALYZE) sessions, blocks, runs");
    }
  }

  /**
   * Waits until the owner has {@code sessions} sessions and none unfinished. Bounded: a deadline
   * of 60 s plus 20 ms per block (at most 30 min), and a failure when no block finishes for 60 s.
   */
  void awaitSessions(String owner, int sessions, int blocks, PrintStream log) throws SQLException, InterruptedException {
    long start = System.currentTimeMillis();
    long deadline = start + Math.min(1_800_000, 60_000 + 20L * blocks);
    long lastReport = start;
    long lastProgress = start;
    long finishedBlocks = -1;
    while (true) {
      long total;
      long open;
      try (PreparedStatement ps = prepare(
          "SELECT count(*), count(*) FILTER (WHERE finished_at IS NULL) FROM sessions WHERE owner = ?", owner);
           ResultSet rs = ps.executeQuery()) {
        rs.next();
        total = rs.getLong(1);
        open = rs.getLong(2);
      }
      if (total >= sessions && open == 0) {
        return;
      }
      long now = System.currentTimeMillis();
      if (now - lastReport >= REPORT_MS) {
        lastReport = now;
        long finished = queryLong("SELECT count(*) FROM " + SESSIONS_WITH_BLOCKS + " "
            + "WHERE s.owner = ? AND b.finished_at IS NOT NULL", owner);
        if (finished != finishedBlocks) {
          finishedBlocks = finished;
          lastProgress = now;
        }
        log.printf("  … %d/%d blocks finished, %d/%d sessions unfinished (%.0f s)%n",
            finished, blocks, open + Math.max(0, sessions - total), sessions, (now - start) / 1000.0);
        if (now - lastProgress >= STALL_MS) {
          throw new BenchFailure(owner + ": no block finished for " + STALL_MS / 1000 + " s; " + finished + " of "
              + blocks + " blocks finished, " + open + " sessions unfinished");
        }
      }
      if (now > deadline) {
        throw new BenchFailure(owner + ": " + open + " of " + sessions + " sessions still unfinished after "
            + (now - start) / 1000 + " s");
      }
      Thread.sleep(POLL_MS);
    }
  }

  @Override
  public void close() throws SQLException {
    shared.close();
  }

  /** Sessions aliased {@code sessions}, each with its blocks aliased {@code blocks} (its id range, one session at a time). */
  static String sessionsWithBlocks(String sessions, String blocks) {
    return "sessions " + sessions + " CROSS JOIN LATERAL (SELECT * FROM blocks WHERE id BETWEEN blockline_block_id("
        + sessions + ".id, 0) AND blockline_block_id(" + sessions + ".id, 1048575) OFFSET 0) " + blocks;
  }
}
