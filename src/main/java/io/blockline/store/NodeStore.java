package io.blockline.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** Executes {@link NodeSql}: NOTIFY for the other nodes, and the planner statistics of {@code blocks}. */
public final class NodeStore {
  private NodeStore() {
  }

  /** Rows of {@code blocks}: as the last ANALYZE saw them (-1: never) and live now. */
  public record TableRows(long analyzed, long live) {
  }

  /** Sends {@code NOTIFY channel, payload}; in a transaction, it is delivered with the commit. */
  public static Future<Void> notify(SqlClient client, String channel, String payload) {
    return client.preparedQuery(NodeSql.NOTIFY).execute(Tuple.of(channel, payload)).mapEmpty();
  }

  public static Future<TableRows> blockRows(SqlClient client) {
    return client.query(NodeSql.BLOCK_ROWS).execute().map(rows -> {
      Row row = rows.iterator().next();
      return new TableRows(row.getLong("analyzed"), row.getLong("live"));
    });
  }

  public static Future<Void> analyze(SqlClient client) {
    return client.query(NodeSql.ANALYZE).execute().mapEmpty();
  }
}
