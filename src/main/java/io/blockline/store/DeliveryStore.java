package io.blockline.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * Executes the sender's side of {@link DeliverySql} (the outbox rows are enqueued by the engine's
 * writes, {@link ChangeStore}; the read side is {@link DeliveryQueries}).
 */
public final class DeliveryStore {
  private DeliveryStore() {
  }

  /** A claimed delivery: where it goes ({@code url} or {@code address}) and what it says. */
  public record Due(long id, String kind, String target, JsonObject payload, int attempts) {
  }

  /** Claims due deliveries for {@code leaseMs}: another node retries one this node never reports back on. */
  public static Future<List<Due>> claimDue(SqlClient client, int limit, long leaseMs) {
    return client.preparedQuery(DeliverySql.CLAIM_DUE).execute(Tuple.of(limit, leaseMs)).map(rows -> {
      List<Due> due = new ArrayList<>();
      for (Row row : rows) {
        due.add(new Due(row.getLong("id"), row.getString("kind"), row.getString("target"),
            (JsonObject) row.getValue("payload"), row.getInteger("attempts")));
      }
      return due;
    });
  }

  public static Future<Void> delivered(SqlClient client, long id) {
    return client.preparedQuery(DeliverySql.DELIVERED).execute(Tuple.of(id)).mapEmpty();
  }

  /** A failed attempt: retried after {@code delayMs}, or DEAD once older than {@code maxAgeMs}. */
  public static Future<Void> failed(SqlClient client, long id, long delayMs, String error, long maxAgeMs) {
    return client.preparedQuery(DeliverySql.FAILED).execute(Tuple.of(id, delayMs, error, maxAgeMs)).mapEmpty();
  }

  /** How long until the nearest pending delivery is due, on the database's clock; null if none is pending. */
  public static Future<Long> msUntilNextDue(SqlClient client) {
    return client.preparedQuery(DeliverySql.NEXT_DUE).execute().map(rows -> BlockStore.msUntilNextDue(rows.iterator().next()));
  }
}
