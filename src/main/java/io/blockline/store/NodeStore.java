package io.blockline.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * Executes {@link NodeSql}: the nodes' heartbeats and the expiry of a dead node's leases, NOTIFY for
 * the other nodes, and the planner statistics of {@code blocks}.
 */
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

  /** A block whose lease was taken from a dead node. */
  public record TakenLease(long blockId, String deadNode) {
  }

  public static Future<Void> heartbeat(SqlClient client, String nodeId, String address) {
    return client.preparedQuery(NodeSql.HEARTBEAT).execute(Tuple.of(nodeId, address)).mapEmpty();
  }

  /** Expires the leases held by nodes dead for {@code deadAfterMs}; each lease is returned once. */
  public static Future<List<TakenLease>> expireLeasesOfDeadNodes(SqlClient client, long deadAfterMs, String nodeId) {
    return client.preparedQuery(NodeSql.EXPIRE_LEASES_OF_DEAD_NODES).execute(Tuple.of(deadAfterMs, nodeId))
        .map(rows -> {
          List<TakenLease> taken = new ArrayList<>();
          rows.forEach(r -> taken.add(new TakenLease(r.getLong("id"), r.getString("leased_by"))));
          return taken;
        });
  }

  public static Future<Void> markDead(SqlClient client, String nodeId, long deadAfterMs) {
    return client.preparedQuery(NodeSql.MARK_DEAD).execute(Tuple.of(nodeId, deadAfterMs)).mapEmpty();
  }

  public static Future<Void> leave(SqlClient client, String nodeId) {
    return client.preparedQuery(NodeSql.LEAVE).execute(Tuple.of(nodeId)).mapEmpty();
  }

  public static Future<Void> forgetLongDead(SqlClient client) {
    return client.query(NodeSql.FORGET_LONG_DEAD).execute().mapEmpty();
  }

  /** {@code GET /v1/nodes}: every node, alive first, with its running blocks. */
  public static Future<JsonArray> list(SqlClient client, long deadAfterMs) {
    return client.preparedQuery(NodeSql.LIST).execute(Tuple.of(deadAfterMs)).map(rows -> {
      JsonArray nodes = new JsonArray();
      for (Row r : rows) {
        nodes.add(new JsonObject()
            .put("id", r.getString("id"))
            .put("address", r.getString("address"))
            .put("startedAt", Views.time(r.getOffsetDateTime("started_at")))
            .put("heartbeatAt", Views.time(r.getOffsetDateTime("heartbeat_at")))
            .put("alive", r.getBoolean("alive"))
            .put("runningBlocks", r.getInteger("running")));
      }
      return nodes;
    });
  }
}
