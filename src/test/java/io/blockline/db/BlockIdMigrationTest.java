package io.blockline.db;

import io.blockline.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * V12 on a database written before it: blocks take the ids derived from their sessions, what
 * points at them follows, and the tokens callers were given still name the same blocks.
 */
class BlockIdMigrationTest {
  @Test
  void blocks_stored_before_v12_are_renumbered_and_keep_their_tokens() {
    DatabaseTarget target = TestDatabase.empty();
    Flyway.configure().dataSource(target.jdbcUrl(), target.user(), target.password())
        .locations("classpath:db/migration").target("11").load().migrate();
    // Two sessions whose blocks interleave in the old id sequence, so that new ids cross old ones.
    TestDatabase.execute(target, """
        INSERT INTO sessions (token, execution_time, mode, status, n_blocks) VALUES
          ('sOld1', 'NOW', 'sequential', 'PAUSED', 3), ('sOld2', 'NOW', 'parallel', 'RUNNING', 2);
        INSERT INTO blocks (token, session_id, seq, block_key, handler, priority, timeout_ms, status)
        SELECT t.token, s.id, t.seq, 'k' || t.seq, '{}', 50, 1000, 'SUCCESS'
        FROM (VALUES ('bA0', 'sOld1', 0), ('bB0', 'sOld2', 0), ('bA1', 'sOld1', 1), ('bB1', 'sOld2', 1),
                     ('bA2', 'sOld1', 2)) AS t(token, session, seq)
        JOIN sessions s ON s.token = t.session;
        INSERT INTO runs (block_id, attempt, started_at, finished_at, status)
        SELECT id, 1, now(), now(), 'SUCCESS' FROM blocks;
        INSERT INTO activity (block_id, level, line) SELECT id, 'NOTICE', 'line of ' || token FROM blocks;
        INSERT INTO command_runs (block_id, lease_token, host, boot_id, run_dir, pid, start_ticks, started_at)
        SELECT id, gen_random_uuid(), 'h', 'boot', '/tmp/' || token, 1, 1, now() FROM blocks WHERE token = 'bB1';
        UPDATE sessions SET paused_block = (SELECT id FROM blocks WHERE token = 'bA2') WHERE token = 'sOld1';
        """);

    Migrations.migrate(target);

    assertThat(query(target, """
        SELECT string_agg(b.token || '=' || (b.id = (s.id << 20) + b.seq), ',' ORDER BY b.token)
        FROM blocks b JOIN sessions s ON s.id = b.session_id
        """)).isEqualTo("bA0=true,bA1=true,bA2=true,bB0=true,bB1=true");
    assertThat(query(target, "SELECT string_agg(b.token, ',' ORDER BY b.token) FROM runs r JOIN blocks b ON b.id = r.block_id"))
        .isEqualTo("bA0,bA1,bA2,bB0,bB1");
    assertThat(query(target, "SELECT count(*) FROM activity a JOIN blocks b ON b.id = a.block_id WHERE a.line = 'line of ' || b.token"))
        .isEqualTo("5");
    assertThat(query(target, "SELECT b.token FROM command_runs c JOIN blocks b ON b.id = c.block_id")).isEqualTo("bB1");
    assertThat(query(target, "SELECT b.token FROM sessions s JOIN blocks b ON b.id = s.paused_block")).isEqualTo("bA2");
    assertThat(query(target, "SELECT string_agg(token, ',' ORDER BY token) FROM blocks WHERE id = blockline_block_id(token)"))
        .as("every stored token still resolves to its block").isEqualTo("bA0,bA1,bA2,bB0,bB1");
    assertThatThrownBy(() -> TestDatabase.execute(target,
        "INSERT INTO blocks (id, token, session_id, seq, block_key, handler, priority, timeout_ms)"
            + " SELECT id + 1, 'bA0', session_id, 9, 'x', '{}', 50, 1000 FROM blocks WHERE token = 'bA2'"))
        .as("a legacy token stays unique").hasStackTraceContaining("blocks_legacy_token");
    assertThatThrownBy(() -> TestDatabase.execute(target, "DELETE FROM blocks WHERE token = 'bA0'; "
        + "INSERT INTO activity (block_id, level, line) VALUES (1, 'NOTICE', 'orphan')"))
        .as("activity lines still need their block").hasStackTraceContaining("activity_block_id_fkey");
  }

  private static String query(DatabaseTarget target, String sql) {
    return TestDatabase.queryOne(target, sql);
  }
}
