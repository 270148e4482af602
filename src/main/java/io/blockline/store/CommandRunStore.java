package io.blockline.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Executes {@link CommandRunSql}: what a node records of each command process, and reads back after a restart. */
public final class CommandRunStore {
  private CommandRunStore() {
  }

  /**
   * A command block's process as recorded, with its age and the rest of its block's timeout on
   * the database's clock.
   */
  public record RecordedProcess(long blockId, UUID leaseToken, String host, String bootId, String runDir, int pid,
                                long startTicks, long startedAtMs, long ageMs, long timeoutMs) {
    public long remainingMs() {
      return timeoutMs - ageMs;
    }
  }

  /** Where a block's command output lives; {@code runDir} null before its first process. */
  public record OutputPlace(String blockStatus, String handlerType, String owner, String runDir, String host) {
  }

  /** Records a started process; false when its block no longer runs under {@code leaseToken}. */
  public static Future<Boolean> record(SqlClient client, long blockId, UUID leaseToken, String host, String bootId,
                                       String runDir, int pid, long startTicks) {
    return client.preparedQuery(CommandRunSql.RECORD)
        .execute(Tuple.of(blockId, leaseToken, host, bootId, runDir, pid, startTicks))
        .map(rows -> rows.rowCount() == 1);
  }

  /** The processes of these running blocks that were started under the lease each still holds. */
  public static Future<List<RecordedProcess>> ofRunningBlocks(SqlClient client, Long[] blockIds) {
    return client.preparedQuery(CommandRunSql.OF_RUNNING_BLOCKS).execute(Tuple.of((Object) blockIds))
        .map(CommandRunStore::processes);
  }

  /** Processes on {@code host} that may still run although their block moved on. */
  public static Future<List<RecordedProcess>> leftovers(SqlClient client, String host, int limit) {
    return client.preparedQuery(CommandRunSql.LEFTOVERS).execute(Tuple.of(host, limit)).map(CommandRunStore::processes);
  }

  /** Notes that the process started for this block under this lease is gone. */
  public static Future<Void> markEnded(SqlClient client, long blockId, UUID leaseToken) {
    return client.preparedQuery(CommandRunSql.MARK_ENDED).execute(Tuple.of(blockId, leaseToken)).mapEmpty();
  }

  private static List<RecordedProcess> processes(Iterable<Row> rows) {
    List<RecordedProcess> processes = new ArrayList<>();
    for (Row r : rows) {
      processes.add(new RecordedProcess(r.getLong("block_id"), r.getUUID("lease_token"), r.getString("host"),
          r.getString("boot_id"), r.getString("run_dir"), r.getInteger("pid"), r.getLong("start_ticks"),
          r.getLong("started_at_ms"), r.getLong("age_ms"), r.getLong("timeout_ms")));
    }
    return processes;
  }

  /** Where the output of the block with this token is; null when there is no such block. */
  public static Future<OutputPlace> outputOf(SqlClient client, String blockToken) {
    return client.preparedQuery(CommandRunSql.OF_BLOCK).execute(Tuple.of(blockToken)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row r = rows.iterator().next();
      return new OutputPlace(r.getString("status"), r.getString("handler_type"), r.getString("owner"),
          r.getString("run_dir"), r.getString("host"));
    });
  }
}
