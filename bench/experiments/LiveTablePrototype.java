import java.sql.*;
import java.nio.file.*;
import java.util.*;

/**
 * An experiment, not part of the build (docs/benchmarks.md, "Issue 15, third session" and "Issue
 * 15, eighth session"): the PostgreSQL cost per block of draining 100,000 blocks of 100 sessions
 * with one client, claim of 64 then completion, on this repository's migrated schema (A: released
 * blocks, the claim and completion statements of the product, simplified; AR: A plus the release
 * of each session's 1,000 waiting blocks, as an ON_REQUEST session's start does), on the same with
 * the completion and the next claim in one statement (A2), with the claim's row lock left out
 * (A3), and on the schema step issue 15 proposes (B): blocks without the status indexes (so their
 * updates can be HOT) plus a narrow table of live work, and (C) the same where the claim writes
 * only the live table and the block's row is written once, at its completion. D claims a session
 * as one unit: a started session is one row of {@code lanes} (its claim cursor), a claim moves
 * cursors and writes one {@code leases} row per session range it takes, and a block's row is
 * written once, at its completion; E is D with the status indexes of {@code blocks} dropped.
 * Prints blocks/s, µs per block, WAL per block and HOT updates.
 *
 *   java -cp ~/.m2/repository/org/postgresql/postgresql/42.7.13/postgresql-42.7.13.jar \
 *        bench/experiments/LiveTablePrototype.java A|AR|A2|A3|B|C|D|E [jdbc:postgresql://localhost:55433/postgres?user=postgres]
 *
 * Each run creates a database of its own on that server and leaves it there.
 */
public class LiveTablePrototype {
  static final int N = 100_000, BATCH = 64;

  public static void main(String[] a) throws Exception {
    String variant = a[0];
    String server = a.length > 1 ? a[1] : "jdbc:postgresql://localhost:55433/postgres?user=postgres";
    String db = "proto_" + variant.toLowerCase() + "_" + System.nanoTime() % 100000;
    try (Connection admin = DriverManager.getConnection(server)) {
      admin.createStatement().execute("CREATE DATABASE " + db);
    }
    try (Connection c = DriverManager.getConnection(server.replaceFirst("/postgres(\\?|$)", "/" + db + "$1"))) {
      Statement s = c.createStatement();
      List<Path> files = new ArrayList<>();
      try (var dir = Files.list(Path.of("src/main/resources/db/migration"))) { dir.forEach(files::add); }
      files.sort(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().replaceAll("^V(\\d+)__.*", "$1"))));
      for (Path f : files) s.execute(Files.readString(f));
      if (variant.equals("B") || variant.equals("C")) {
        s.execute("""
          DROP INDEX blocks_claimable; DROP INDEX blocks_due; DROP INDEX blocks_waiting; DROP INDEX blocks_failed; DROP INDEX blocks_running;
          ALTER TABLE blocks SET (fillfactor = 70); ALTER TABLE blocks DROP CONSTRAINT blocks_state;
          CREATE TABLE live (block_id bigint PRIMARY KEY, priority int NOT NULL, fair_key bigint NOT NULL, due_at timestamptz NOT NULL,
                             lease_token uuid, leased_by text, lease_until timestamptz);
          CREATE INDEX live_claimable ON live (priority DESC, fair_key, block_id) INCLUDE (due_at) WHERE lease_token IS NULL;
          CREATE INDEX live_leases ON live (lease_until) WHERE lease_token IS NOT NULL;
          """);
      }
      s.execute("""
        INSERT INTO sessions (token, execution_time, mode, status, n_blocks, started_at)
        SELECT 's' || g, 'NOW', 'parallel', 'RUNNING', 1000, now() FROM generate_series(1, 100) g;
        INSERT INTO blocks (id, token, session_id, seq, block_key, handler, priority, timeout_ms, next_run_at, fair_key)
        SELECT blockline_block_id(s.id, g), 'b' || s.id || '_' || g, s.id, g, 'k' || g, '{"type":"builtin","name":"noop"}',
               50, 30000, now(), (s.id * 1000 + g)
        FROM sessions s, generate_series(0, 999) g;
        """);
      if (variant.equals("B") || variant.equals("C")) {
        s.execute("INSERT INTO live (block_id, priority, fair_key, due_at) SELECT id, priority, fair_key, next_run_at FROM blocks");
        s.execute("UPDATE blocks SET next_run_at = NULL");  // B keeps due time in live only
        s.execute("VACUUM FULL blocks");
      }
      if (variant.equals("AR")) {
        s.execute("UPDATE blocks SET next_run_at = NULL");
        s.execute("VACUUM FULL blocks");
      }
      if (variant.equals("D") || variant.equals("E")) {
        lanes(c, s, variant);
        return;
      }
      s.execute("VACUUM ANALYZE");
      String claim = variant.equals("C") ? """
          WITH due AS (SELECT block_id FROM live WHERE lease_token IS NULL AND due_at <= now()
                       ORDER BY priority DESC, fair_key, block_id LIMIT ? FOR UPDATE SKIP LOCKED)
          UPDATE live l SET lease_token = (lpad(to_hex((random() * 9e18)::bigint), 16, '0') || lpad(to_hex(l.block_id), 16, '0'))::uuid, leased_by = 'n1', lease_until = now() + interval '30 s'
          FROM due WHERE l.block_id = due.block_id RETURNING l.block_id, l.lease_token,
            (SELECT b.handler FROM blocks b WHERE b.id = l.block_id), (SELECT b.params FROM blocks b WHERE b.id = l.block_id)
          """ : variant.equals("A3") ? """
          UPDATE blocks b SET status = 'RUNNING', attempts = b.attempts + 1, executions = b.executions + 1,
                 lease_token = (lpad(to_hex((random() * 9e18)::bigint), 16, '0') || lpad(to_hex(b.id), 16, '0'))::uuid, leased_by = 'n1', lease_until = now() + interval '30 s', started_at = now(), next_run_at = NULL
          WHERE b.id IN (SELECT id FROM blocks WHERE status = 'STANDBY' AND next_run_at IS NOT NULL AND next_run_at <= now()
                         ORDER BY -priority, fair_key, id LIMIT ?) AND b.status = 'STANDBY'
          RETURNING b.id, b.lease_token, b.handler, b.params
          """ : !variant.equals("B") ? """
          WITH due AS (SELECT id FROM blocks WHERE status = 'STANDBY' AND next_run_at IS NOT NULL AND next_run_at <= now()
                       ORDER BY -priority, fair_key, id LIMIT ? FOR UPDATE SKIP LOCKED)
          UPDATE blocks b SET status = 'RUNNING', attempts = b.attempts + 1, executions = b.executions + 1,
                 lease_token = (lpad(to_hex((random() * 9e18)::bigint), 16, '0') || lpad(to_hex(b.id), 16, '0'))::uuid, leased_by = 'n1', lease_until = now() + interval '30 s', started_at = now(), next_run_at = NULL
          FROM due WHERE b.id = due.id RETURNING b.id, b.lease_token, b.handler, b.params
          """ : """
          WITH due AS (SELECT block_id FROM live WHERE lease_token IS NULL AND due_at <= now()
                       ORDER BY priority DESC, fair_key, block_id LIMIT ? FOR UPDATE SKIP LOCKED),
               leased AS (UPDATE live l SET lease_token = (lpad(to_hex((random() * 9e18)::bigint), 16, '0') || lpad(to_hex(l.block_id), 16, '0'))::uuid, leased_by = 'n1', lease_until = now() + interval '30 s'
                          FROM due WHERE l.block_id = due.block_id RETURNING l.block_id, l.lease_token)
          UPDATE blocks b SET status = 'RUNNING', attempts = b.attempts + 1, executions = b.executions + 1, started_at = now()
          FROM leased WHERE b.id = leased.block_id RETURNING b.id, leased.lease_token, b.handler, b.params
          """;
      String complete = !variant.equals("B") && !variant.equals("C") ? """
          WITH done AS (
            UPDATE blocks b SET status = 'SUCCESS', result = '{"ok":true}'::jsonb, finished_at = now(), lease_token = NULL,
                   leased_by = NULL, lease_until = NULL
            FROM unnest(?::bigint[], ?::uuid[]) AS u(id, lease) WHERE b.id = u.id AND b.status = 'RUNNING' AND b.lease_token = u.lease
            RETURNING b.id, b.started_at)
          INSERT INTO runs (block_id, attempt, started_at, finished_at, status) SELECT id, 1, started_at, now(), 'SUCCESS' FROM done
          """ : """
          WITH gone AS (
            DELETE FROM live l USING unnest(?::bigint[], ?::uuid[]) AS u(id, lease) WHERE l.block_id = u.id AND l.lease_token = u.lease
            RETURNING l.block_id),
          done AS (
            UPDATE blocks b SET status = 'SUCCESS', result = '{"ok":true}'::jsonb, finished_at = now(),
                   attempts = b.attempts + 1, executions = b.executions + 1, started_at = coalesce(b.started_at, now())
            FROM gone WHERE b.id = gone.block_id RETURNING b.id, b.started_at)
          INSERT INTO runs (block_id, attempt, started_at, finished_at, status) SELECT id, 1, started_at, now(), 'SUCCESS' FROM done
          """;
      if (variant.equals("A2")) {  // the completion of one batch and the claim of the next in one statement
        String both = """
            WITH done AS (
              UPDATE blocks b SET status = 'SUCCESS', result = '{"ok":true}'::jsonb, finished_at = now(), lease_token = NULL,
                     leased_by = NULL, lease_until = NULL
              FROM unnest(?::bigint[], ?::uuid[]) AS u(id, lease) WHERE b.id = u.id AND b.status = 'RUNNING' AND b.lease_token = u.lease
              RETURNING b.id, b.started_at),
            recorded AS (INSERT INTO runs (block_id, attempt, started_at, finished_at, status)
                         SELECT id, 1, started_at, now(), 'SUCCESS' FROM done),
            due AS (SELECT id FROM blocks WHERE status = 'STANDBY' AND next_run_at IS NOT NULL AND next_run_at <= now()
                    ORDER BY -priority, fair_key, id LIMIT ? FOR UPDATE SKIP LOCKED)
            UPDATE blocks b SET status = 'RUNNING', attempts = b.attempts + 1, executions = b.executions + 1,
                   lease_token = (lpad(to_hex((random() * 9e18)::bigint), 16, '0') || lpad(to_hex(b.id), 16, '0'))::uuid, leased_by = 'n1', lease_until = now() + interval '30 s', started_at = now(), next_run_at = NULL
            FROM due WHERE b.id = due.id RETURNING b.id, b.lease_token, b.handler, b.params
            """;
        long wal0 = lsn(c), t0 = System.nanoTime(), done = 0;
        PreparedStatement pb = c.prepareStatement(both);
        List<Long> ids = new ArrayList<>(); List<Object> leases = new ArrayList<>();
        while (true) {
          pb.setArray(1, c.createArrayOf("bigint", ids.toArray()));
          pb.setArray(2, c.createArrayOf("uuid", leases.toArray()));
          pb.setInt(3, BATCH);
          done += ids.size();
          ids = new ArrayList<>(); leases = new ArrayList<>();
          try (ResultSet rs = pb.executeQuery()) { while (rs.next()) { ids.add(rs.getLong(1)); leases.add(rs.getObject(2)); } }
          if (ids.isEmpty()) break;
        }
        double sec = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s: %d blocks in %.2f s = %.0f blocks/s, %.1f µs/block wall, WAL %d bytes/block, HOT blocks updates %s%n",
            variant, done, sec, done / sec, sec * 1e6 / done, (lsn(c) - wal0) / done, hot(c));
        return;
      }
      long wal0 = lsn(c), t0 = System.nanoTime(), done = 0;
      c.setAutoCommit(true);
      if (variant.equals("AR")) {  // A plus the product's start of each ON_REQUEST session: its 1,000 blocks released
        long r = System.nanoTime();
        try (PreparedStatement release = c.prepareStatement("""
            UPDATE blocks SET next_run_at = now()
            WHERE session_id = ANY(?::bigint[]) AND status = 'STANDBY' AND next_run_at IS NULL
            """)) {
          for (long first = 1; first <= 100; first += 10) {
            Long[] ten = new Long[10];
            for (int i = 0; i < 10; i++) ten[i] = first + i;
            release.setArray(1, c.createArrayOf("bigint", ten));
            release.executeUpdate();
          }
        }
        System.out.printf("  release %.1f µs/block%n", (System.nanoTime() - r) / 1e3 / N);
      }
      PreparedStatement pc = c.prepareStatement(claim), pd = c.prepareStatement(complete);
      long claimNs = 0, completeNs = 0;
      long[] decile = new long[10];
      while (done < N) {
        pc.setInt(1, BATCH);
        List<Long> ids = new ArrayList<>(); List<Object> leases = new ArrayList<>();
        long t = System.nanoTime();
        try (ResultSet rs = pc.executeQuery()) { while (rs.next()) { ids.add(rs.getLong(1)); leases.add(rs.getObject(2)); } }
        claimNs += System.nanoTime() - t;
        decile[(int) Math.min(9, done * 10 / N)] += System.nanoTime() - t;
        if (ids.isEmpty()) break;
        pd.setArray(1, c.createArrayOf("bigint", ids.toArray()));
        pd.setArray(2, c.createArrayOf("uuid", leases.toArray()));
        t = System.nanoTime();
        pd.executeUpdate();
        completeNs += System.nanoTime() - t;
        done += ids.size();
      }
      System.out.printf("  claim %.1f µs/block, complete %.1f µs/block; claim per decile µs/block:", claimNs / 1e3 / done, completeNs / 1e3 / done);
      for (long d : decile) System.out.printf(" %.0f", d / 1e3 / (N / 10.0));
      System.out.println();
      double sec = (System.nanoTime() - t0) / 1e9;
      long wal = lsn(c) - wal0;
      System.out.printf("%s: %d blocks in %.2f s = %.0f blocks/s, %.1f µs/block wall, WAL %d bytes/block, HOT blocks updates %s%n",
          variant, done, sec, done / sec, sec * 1e6 / done, wal / done, hot(c));
    }
  }

  /**
   * D: a session is claimed as one unit. Its blocks are never released one by one: a started
   * session is one row of {@code lanes} (its claim cursor), a claim moves cursors and inserts one
   * {@code leases} row per session range it took (the fence: a lease's salt and range), and the
   * block's row is written once, at its completion. E: D with the status indexes of
   * {@code blocks} dropped (fillfactor 70), so that the completion's update can be HOT.
   */
  static void lanes(Connection c, Statement s, String variant) throws SQLException {
    s.execute("UPDATE blocks SET next_run_at = NULL");  // waiting: the lane releases them
    if (variant.equals("E")) {
      s.execute("""
          DROP INDEX blocks_claimable; DROP INDEX blocks_due; DROP INDEX blocks_waiting; DROP INDEX blocks_failed; DROP INDEX blocks_running;
          ALTER TABLE blocks SET (fillfactor = 70); ALTER TABLE blocks DROP CONSTRAINT blocks_state;
          """);
    }
    s.execute("""
        CREATE TABLE lanes (session_id bigint PRIMARY KEY, priority int NOT NULL, fair_key bigint NOT NULL,
                            next_seq int NOT NULL, end_seq int NOT NULL);
        CREATE INDEX lanes_claimable ON lanes ((-priority), fair_key, session_id) WHERE next_seq < end_seq;
        CREATE TABLE leases (salt bigint PRIMARY KEY, session_id bigint NOT NULL, from_seq int NOT NULL, to_seq int NOT NULL,
                             leased_by text NOT NULL, lease_until timestamptz NOT NULL);
        CREATE INDEX leases_until ON leases (lease_until);
        INSERT INTO lanes SELECT id, 50, id, 0, 1000 FROM sessions;
        """);
    s.execute("VACUUM FULL blocks");
    s.execute("VACUUM ANALYZE");
    String claim = """
        WITH cand AS (
          SELECT session_id, priority, fair_key, next_seq, end_seq FROM lanes WHERE next_seq < end_seq
          ORDER BY -priority, fair_key, session_id LIMIT 4 FOR UPDATE SKIP LOCKED
        ), take AS (
          SELECT session_id, next_seq AS from_seq,
                 least(end_seq, next_seq + greatest(0, ?::int - coalesce(sum(end_seq - next_seq) OVER w, 0)::int)) AS to_seq
          FROM cand WINDOW w AS (ORDER BY -priority, fair_key, session_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
        ), moved AS (
          UPDATE lanes l SET next_seq = t.to_seq FROM take t WHERE l.session_id = t.session_id AND t.to_seq > t.from_seq
          RETURNING l.session_id
        ), leased AS (
          INSERT INTO leases (salt, session_id, from_seq, to_seq, leased_by, lease_until)
          SELECT ?::bigint * 16 + row_number() OVER (), session_id, from_seq, to_seq, 'n1', now() + interval '30 s'
          FROM take WHERE to_seq > from_seq
          RETURNING salt, session_id, from_seq, to_seq
        )
        SELECT b.id, l.salt, b.handler, b.params FROM leased l, LATERAL (
          SELECT id, handler, params FROM blocks
          WHERE id BETWEEN blockline_block_id(l.session_id, l.from_seq) AND blockline_block_id(l.session_id, l.to_seq - 1)
          OFFSET 0) b
        """;
    String complete = """
        WITH u AS (SELECT * FROM unnest(?::bigint[], ?::bigint[]) AS u(id, salt)),
        done AS (
          UPDATE blocks b SET status = 'SUCCESS', result = '{"ok":true}'::jsonb, finished_at = now(), started_at = now(),
                 attempts = b.attempts + 1, executions = b.executions + 1
          FROM u JOIN leases l ON l.salt = u.salt
          WHERE b.id = u.id AND b.status = 'STANDBY' AND l.leased_by = 'n1'
          RETURNING b.id, b.started_at),
        gone AS (DELETE FROM leases WHERE salt IN (SELECT DISTINCT salt FROM u))
        INSERT INTO runs (block_id, attempt, started_at, finished_at, status) SELECT id, 1, started_at, now(), 'SUCCESS' FROM done
        """;
    long wal0 = lsn(c), t0 = System.nanoTime(), done = 0, claims = 0;
    PreparedStatement pc = c.prepareStatement(claim), pd = c.prepareStatement(complete);
    long claimNs = 0, completeNs = 0;
    while (done < N) {
      pc.setInt(1, BATCH);
      pc.setLong(2, ++claims);
      List<Long> ids = new ArrayList<>(); List<Long> salts = new ArrayList<>();
      long t = System.nanoTime();
      try (ResultSet rs = pc.executeQuery()) { while (rs.next()) { ids.add(rs.getLong(1)); salts.add(rs.getLong(2)); } }
      claimNs += System.nanoTime() - t;
      if (ids.isEmpty()) break;
      pd.setArray(1, c.createArrayOf("bigint", ids.toArray()));
      pd.setArray(2, c.createArrayOf("bigint", salts.toArray()));
      t = System.nanoTime();
      pd.executeUpdate();
      completeNs += System.nanoTime() - t;
      done += ids.size();
    }
    double sec = (System.nanoTime() - t0) / 1e9;
    long left;
    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM blocks WHERE status <> 'SUCCESS'")) { rs.next(); left = rs.getLong(1); }
    System.out.printf("  claim %.1f µs/block, complete %.1f µs/block, %d claims, %d blocks not SUCCESS%n",
        claimNs / 1e3 / done, completeNs / 1e3 / done, claims, left);
    System.out.printf("%s: %d blocks in %.2f s = %.0f blocks/s, %.1f µs/block wall, WAL %d bytes/block, HOT blocks updates %s%n",
        variant, done, sec, done / sec, sec * 1e6 / done, (lsn(c) - wal0) / done, hot(c));
  }

  static long lsn(Connection c) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn")) { rs.next(); return rs.getLong(1); }
  }

  static String hot(Connection c) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'blocks'")) {
      rs.next(); return rs.getLong(2) + "/" + rs.getLong(1);
    }
  }
}
