package io.blockline.bench;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * After a scenario: every block of its sessions ended SUCCESS exactly once — status SUCCESS,
 * attempts = 1, executions = 1 and exactly one run in block_runs (a row of runs, or the run its
 * block's row keeps, V15) — and there are exactly the sessions and blocks it submitted, each
 * session SUCCESS. Otherwise the run fails, naming what is wrong.
 */
final class Verifier {
  private static final String BAD = "NOT (b.status = 'SUCCESS' AND b.attempts = 1 AND b.executions = 1 AND "
      + "(SELECT count(*) FROM block_runs r WHERE r.block_id = b.id) = 1)";

  private Verifier() {
  }

  static void verify(Db db, String scenario, String owner, int expectedSessions, int expectedBlocks) throws SQLException {
    long sessions = db.queryLong("SELECT count(*) FROM sessions WHERE owner = ?", owner);
    long sessionsNotSuccess = db.queryLong("SELECT count(*) FROM sessions WHERE owner = ? AND status <> 'SUCCESS'", owner);
    long blocks = db.queryLong("SELECT count(*) FROM " + Db.SESSIONS_WITH_BLOCKS + " WHERE s.owner = ?", owner);
    long bad = db.queryLong("SELECT count(*) FROM " + Db.SESSIONS_WITH_BLOCKS + " WHERE s.owner = ? AND "
        + BAD, owner);
    if (sessions == expectedSessions && blocks == expectedBlocks && bad == 0 && sessionsNotSuccess == 0) {
      return;
    }
    StringBuilder m = new StringBuilder("scenario " + scenario + " (owner " + owner + ") did not end with every block "
        + "SUCCESS exactly once: sessions " + sessions + " (expected " + expectedSessions + ", " + sessionsNotSuccess
        + " not SUCCESS), blocks " + blocks + " (expected " + expectedBlocks + "), " + bad + " block(s) not SUCCESS with "
        + "attempts=1, executions=1 and one run");
    if (bad > 0) {
      m.append("\n  by status/attempts/executions/runs:");
      try (PreparedStatement ps = db.prepare("SELECT b.status, b.attempts, b.executions, "
          + "(SELECT count(*) FROM block_runs r WHERE r.block_id = b.id) AS runs, count(*) "
          + "FROM " + Db.SESSIONS_WITH_BLOCKS + " WHERE s.owner = ? AND " + BAD
          + " GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC LIMIT 10", owner); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          m.append(String.format("%n    %s attempts=%d executions=%d runs=%d: %d block(s)",
              rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getLong(4), rs.getLong(5)));
        }
      }
      m.append("\n  first ones:");
      try (PreparedStatement ps = db.prepare("SELECT s.token, b.token, b.seq, b.status, b.reason, b.error::text "
          + "FROM " + Db.SESSIONS_WITH_BLOCKS + " WHERE s.owner = ? AND " + BAD
          + " ORDER BY b.id LIMIT 5", owner); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          m.append(String.format("%n    session %s block %s seq %d: %s reason=%s error=%s",
              rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5), rs.getString(6)));
        }
      }
    }
    throw new BenchFailure(m.toString());
  }
}
