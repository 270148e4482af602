package io.blockline.store;

/** Every SQL statement on command_runs: the processes of command blocks. Positional parameters are listed above each. */
public final class CommandRunSql {
  private CommandRunSql() {
  }

  /**
   * Records the process of a run, only while its block still runs under that lease (a cancel or a
   * lost lease writes nothing, and the process is then never let start its command). A retry of
   * the block replaces the row of its previous process.
   * $1 block id, $2 lease token, $3 host, $4 boot id, $5 run directory, $6 pid, $7 start ticks.
   */
  public static final String RECORD = """
      INSERT INTO command_runs (block_id, lease_token, host, boot_id, run_dir, pid, start_ticks, started_at)
      SELECT b.id, b.lease_token, $3, $4, $5, $6, $7, now() FROM blocks b
      WHERE b.id = $1 AND b.lease_token = $2 AND b.status = 'RUNNING'
      ON CONFLICT (block_id) DO UPDATE
        SET lease_token = EXCLUDED.lease_token, host = EXCLUDED.host, boot_id = EXCLUDED.boot_id,
            run_dir = EXCLUDED.run_dir, pid = EXCLUDED.pid, start_ticks = EXCLUDED.start_ticks,
            started_at = EXCLUDED.started_at, ended_at = NULL
      RETURNING block_id
      """;

  /**
   * The processes of these running blocks, started under the lease the block still holds (a row
   * of an earlier claim is another process, long gone), with their age and what is left of the
   * block's timeout on the database's clock. $1 block ids.
   */
  public static final String OF_RUNNING_BLOCKS = """
      SELECT c.block_id, c.lease_token, c.host, c.boot_id, c.run_dir, c.pid, c.start_ticks,
             (extract(epoch FROM c.started_at) * 1000)::bigint AS started_at_ms,
             (extract(epoch FROM now() - c.started_at) * 1000)::bigint AS age_ms,
             b.timeout_ms
      FROM command_runs c JOIN blocks b ON b.id = c.block_id AND b.lease_token = c.lease_token
      WHERE c.block_id = ANY($1::bigint[]) AND b.status = 'RUNNING'
      """;

  /** The process is gone (its run ended, or it was found dead or killed). $1 block id, $2 lease token. */
  public static final String MARK_ENDED = """
      UPDATE command_runs SET ended_at = now() WHERE block_id = $1 AND lease_token = $2 AND ended_at IS NULL
      """;

  /**
   * Processes on this host not known to be gone although their block no longer runs under their
   * lease (their node died between a cancel and the kill): found through the few rows not ended.
   * $1 host, $2 limit.
   */
  public static final String LEFTOVERS = """
      SELECT c.block_id, c.lease_token, c.host, c.boot_id, c.run_dir, c.pid, c.start_ticks,
             (extract(epoch FROM c.started_at) * 1000)::bigint AS started_at_ms,
             (extract(epoch FROM now() - c.started_at) * 1000)::bigint AS age_ms,
             b.timeout_ms
      FROM command_runs c JOIN blocks b ON b.id = c.block_id
      WHERE c.ended_at IS NULL AND c.host = $1
        AND (b.status <> 'RUNNING' OR b.lease_token IS DISTINCT FROM c.lease_token)
      LIMIT $2
      """;

  /** The latest process of a block, for its output, with the block's status and session owner. $1 block token. */
  public static final String OF_BLOCK = """
      SELECT b.status, b.handler->>'type' AS handler_type, s.owner, c.run_dir, c.host
      FROM blocks b JOIN sessions s ON s.id = b.session_id
      LEFT JOIN command_runs c ON c.block_id = b.id
      WHERE b.id = blockline_block_id($1) AND b.token = $1
      """;
}
