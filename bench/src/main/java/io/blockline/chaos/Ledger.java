package io.blockline.chaos;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * What the database says after a scenario, the ground truth of its assertions: every session
 * acknowledged reached SUCCESS (none lost), no block succeeded twice, and every block that ran
 * more than once has an orphaned run (it was mid-run when its node died).
 */
record Ledger(long sessions, long sessionsSucceeded, long blocks, long blocksSucceeded, long ranTwice,
              long ranTwiceWithoutOrphan, long succeededTwice, long orphanedRuns) {

  /** Sessions of this scenario's database that did not end SUCCESS. */
  long lost() {
    return sessions - sessionsSucceeded;
  }

  /** The figures every scenario reports: sessions lost, blocks run twice (and how many without an orphaned run), succeeded twice. */
  io.vertx.core.json.JsonObject figures() {
    return new io.vertx.core.json.JsonObject().put("lost", lost()).put("ranTwice", ranTwice)
        .put("ranTwiceNotMidRun", ranTwiceWithoutOrphan).put("succeededTwice", succeededTwice);
  }

  boolean exactlyOnce() {
    return lost() == 0 && blocks == blocksSucceeded && succeededTwice == 0 && ranTwiceWithoutOrphan == 0;
  }

  static Ledger read(Connection c) throws Exception {
    try (Statement s = c.createStatement()) {
      long[] v = new long[8];
      try (ResultSet r = s.executeQuery("""
          SELECT (SELECT count(*) FROM sessions),
                 (SELECT count(*) FROM sessions WHERE status = 'SUCCESS'),
                 (SELECT count(*) FROM blocks),
                 (SELECT count(*) FROM blocks WHERE status = 'SUCCESS'),
                 (SELECT count(*) FROM blocks WHERE executions > 1),
                 (SELECT count(*) FROM blocks b WHERE b.executions > 1 AND NOT EXISTS (
                    SELECT 1 FROM runs r WHERE r.block_id = b.id AND r.error->>'code' = 'ORPHANED')),
                 (SELECT count(*) FROM (SELECT block_id FROM block_runs WHERE status = 'SUCCESS'
                                        GROUP BY block_id HAVING count(*) > 1) twice),
                 (SELECT count(*) FROM runs WHERE error->>'code' = 'ORPHANED')
          """)) {
        r.next();
        for (int i = 0; i < v.length; i++) {
          v[i] = r.getLong(i + 1);
        }
      }
      return new Ledger(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    }
  }

  /** Polls until every session rests (or the deadline), then reads the ledger. */
  static Ledger awaitSettled(Database database, String name, long maxMs) throws Exception {
    long deadline = System.nanoTime() + maxMs * 1_000_000;
    try (Connection c = database.connect(name)) {
      while (System.nanoTime() < deadline) {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM sessions WHERE status NOT IN ('SUCCESS','ERROR','CANCELLED')")) {
          r.next();
          if (r.getLong(1) == 0) {
            break;
          }
        }
        ChildProcesses.sleep(200);
      }
      return read(c);
    }
  }
}
