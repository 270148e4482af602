package io.blockline.bench;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The claim selection's cost, by {@code EXPLAIN (ANALYZE, BUFFERS)}. A queue of claimable rows is
 * inserted inside the measuring transaction and rolled back with it, so the server never sees (or
 * runs) them and the queue is the same size before and after the finished rows are added. The
 * plan depends on the statistics: measured once with the statistics of the table without the
 * queue (as the server's claims see it right after a burst, before autovacuum analyzed it) and once
 * with {@code ANALYZE blocks} run inside the transaction, the queue included (steady state).
 * ANALYZE's pg_class row counts are not transactional, so {@link #analyze} runs again afterwards.
 */
final class ClaimPlan {
  /** The selection of io.blockline.store.BlockSql.CLAIM with the default claim batch. */
  static final String CLAIM = "SELECT id FROM blocks WHERE status = 'STANDBY' AND next_run_at IS NOT NULL "
      + "AND next_run_at <= now() ORDER BY -priority, fair_key, id LIMIT 128 FOR UPDATE SKIP LOCKED";
  private static final Pattern EXECUTION = Pattern.compile("Execution Time: ([0-9.]+) ms");
  private static final Pattern PLANNING = Pattern.compile("Planning Time: ([0-9.]+) ms");
  private static final int RUNS = 3;
  private static final String NOOP = "'{\"type\":\"builtin\",\"name\":\"noop\"}'::jsonb";

  /** One measurement: the median of three runs' execution times, and the last run's plan. */
  record Plan(String label, long queued, long tableRows, double executionMs, double planningMs, double[] runsMs,
              String text) {
  }

  private ClaimPlan() {
  }

  static Plan measure(Db db, String label, int queued, String runId, boolean analyzeQueue) throws SQLException {
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      try {
        long session = insertSession(c, "bench-probe-" + runId + "-" + System.nanoTime(), "RUNNING");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO blocks (id, token, session_id, seq, block_key, handler, "
            + "priority, timeout_ms, status, next_run_at) SELECT blockline_block_id(?, g), ? || g, ?, g, 'p' || g, " + NOOP + ", 50, 300000, "
            + "'STANDBY', now() - interval '1 second' FROM generate_series(0, ? - 1) g")) {
          ps.setLong(1, session);
          ps.setString(2, "bench-probe-" + runId + "-" + session + ".");   // a dot, as V12's tokens: not in blocks_legacy_token
          ps.setLong(3, session);
          ps.setInt(4, queued);
          ps.executeUpdate();
        }
        if (analyzeQueue) {
          try (Statement s = c.createStatement()) {
            s.execute("ANALYZE blocks");
          }
        }
        long rows;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM blocks")) {
          rs.next();
          rows = rs.getLong(1);
        }
        double[] runs = new double[RUNS];
        double planning = Double.NaN;
        String text = "";
        for (int i = 0; i < RUNS; i++) {
          text = explain(c);
          runs[i] = parse(EXECUTION, text);
          planning = parse(PLANNING, text);
        }
        double[] sorted = runs.clone();
        Arrays.sort(sorted);
        return new Plan(label, queued, rows, sorted[RUNS / 2], planning, runs, text);
      } finally {
        c.rollback();
      }
    }
  }

  /**
   * Commits {@code rows} finished (SUCCESS) blocks into dummy SUCCESS sessions of 100,000 each (a
   * session's blocks take 20 bits of their ids, V12), then ANALYZEs blocks.
   */
  static void insertFinished(Db db, String runId, int rows, PrintStream log) throws SQLException {
    try (Connection c = db.connect()) {
      int chunk = 100_000;
      for (int from = 0; from < rows; from += chunk) {
        String token = "bench-finished-" + runId + "-" + from;
        long session = insertSession(c, token, "SUCCESS");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO blocks (id, token, session_id, seq, block_key, handler, "
            + "priority, timeout_ms, status, attempts, executions, started_at, finished_at, result) "
            + "SELECT blockline_block_id(?, g), ? || g, ?, g, 'f' || g, " + NOOP + ", 50, 300000, 'SUCCESS', 1, 1, now(), now(), '{}'::jsonb "
            + "FROM generate_series(0, ? - 1) g")) {
          ps.setLong(1, session);
          ps.setString(2, token + ".");
          ps.setLong(3, session);
          ps.setInt(4, Math.min(rows - from, chunk));
          ps.executeUpdate();
        }
        log.printf("  … %d finished rows inserted%n", Math.min(rows, from + chunk));
      }
    }
    analyze(db);
  }

  /** A committed {@code ANALYZE blocks}: fresh statistics of the table as it is. */
  static void analyze(Db db) throws SQLException {
    try (Statement s = db.shared().createStatement()) {
      s.execute("ANALYZE blocks");
    }
  }

  private static long insertSession(Connection c, String token, String status) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions (token, name, owner, status, execution_time, "
        + "mode, started_at, finished_at) VALUES (?, 'bench claim probe', ?, ?, 'NOW', 'parallel', now(), "
        + "CASE WHEN ? = 'SUCCESS' THEN now() END) RETURNING id")) {
      ps.setString(1, token);
      ps.setString(2, token);
      ps.setString(3, status);
      ps.setString(4, status);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static String explain(Connection c) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + CLAIM)) {
      while (rs.next()) {
        lines.add(rs.getString(1));
      }
    }
    return String.join("\n", lines);
  }

  private static double parse(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }
}
