package io.blockline.bench;

/**
 * Exact, immediate PostgreSQL work counters (the pg_stat_* views publish with up to ~10 s of delay):
 * transaction ids assigned ({@code pg_current_xact_id()}: every transaction that wrote, i.e. every
 * commit that waits for a WAL flush; reading one assigns one, which is subtracted) and WAL written
 * ({@code pg_current_wal_lsn()}). The bench itself writes nothing while a scenario runs.
 */
final class PgStats {
  record Snapshot(long xid, long lsn) {
  }

  private PgStats() {
  }

  static Snapshot take(Db db) {
    long xid;
    long lsn;
    try {
      xid = db.queryLong("SELECT pg_current_xact_id()::text::bigint");
    } catch (Exception e) {
      xid = -1;
    }
    try (var ps = db.prepare("SELECT pg_current_wal_lsn()::text"); var rs = ps.executeQuery()) {
      rs.next();
      String[] parts = rs.getString(1).split("/");
      lsn = (Long.parseLong(parts[0], 16) << 32) + Long.parseLong(parts[1], 16);
    } catch (Exception e) {
      lsn = -1;
    }
    return new Snapshot(xid, lsn);
  }

  /** Adds write_xacts, xacts_per_block, wal_mb, wal_kb_per_block and wal_bytes_per_block to the result. */
  static void record(Result r, Snapshot before, Snapshot after) {
    if (before.xid() >= 0 && after.xid() >= 0) {
      long xacts = after.xid() - before.xid() - 1;
      r.extra("write_xacts", xacts).extra("xacts_per_block", r.n == 0 ? Double.NaN : (double) xacts / r.n);
    }
    if (before.lsn() >= 0 && after.lsn() >= 0) {
      long bytes = after.lsn() - before.lsn();
      r.extra("wal_mb", bytes / 1048576.0).extra("wal_kb_per_block", r.n == 0 ? Double.NaN : bytes / 1024.0 / r.n)
          .extra("wal_bytes_per_block", r.n == 0 ? Double.NaN : (double) Math.round((double) bytes / r.n));
    }
  }
}
