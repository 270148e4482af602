package io.blockline.store;

import io.blockline.auth.Caller;
import io.blockline.auth.Scope;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Set;

/** Executes {@link KeySql}: API keys and idempotency keys. */
public final class KeyStore {
  private KeyStore() {
  }

  /** A stored key as a verifier needs it. */
  public record StoredKey(byte[] hash, Caller caller) {
  }

  /** An idempotency key's row: the body it was first used with and that submit's receipt. */
  public record IdempotentSubmit(byte[] bodyHash, JsonObject receipt) {
  }

  public static Future<OffsetDateTime> insert(SqlClient client, String prefix, byte[] hash, String owner,
                                              Set<Scope> scopes, String name) {
    String[] names = scopes.stream().map(Scope::wireName).sorted().toArray(String[]::new);
    return client.preparedQuery(KeySql.INSERT).execute(Tuple.of(prefix, Buffer.buffer(hash), owner, names, name))
        .map(rows -> rows.iterator().next().getOffsetDateTime("created_at"));
  }

  /** The active key of this prefix, marked used now; null when there is none. */
  public static Future<StoredKey> use(SqlClient client, String prefix) {
    return client.preparedQuery(KeySql.USE).execute(Tuple.of(prefix)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row r = rows.iterator().next();
      Set<Scope> scopes = Scope.parse(Arrays.asList(r.getArrayOfStrings("scopes")));
      return new StoredKey(r.getBuffer("hash").getBytes(), new Caller(r.getString("owner"), scopes, prefix));
    });
  }

  /** Keys, newest first, without their hashes; {@code owner} null lists every owner's. */
  public static Future<JsonArray> list(SqlClient client, String owner) {
    return client.preparedQuery(KeySql.LIST).execute(Tuple.of(owner)).map(rows -> {
      JsonArray keys = new JsonArray();
      for (Row r : rows) {
        keys.add(new JsonObject().put("prefix", r.getString("prefix")).put("owner", r.getString("owner"))
            .put("scopes", new JsonArray(Arrays.asList((Object[]) r.getArrayOfStrings("scopes"))))
            .put("name", r.getString("name"))
            .put("createdAt", time(r.getOffsetDateTime("created_at")))
            .put("lastUsedAt", time(r.getOffsetDateTime("last_used_at")))
            .put("revokedAt", time(r.getOffsetDateTime("revoked_at"))));
      }
      return keys;
    });
  }

  /** @return whether an active key of this prefix was revoked now */
  public static Future<Boolean> revoke(SqlClient client, String prefix) {
    return client.preparedQuery(KeySql.REVOKE).execute(Tuple.of(prefix)).map(rows -> rows.size() == 1);
  }

  public static Future<Boolean> anyActiveAdmin(SqlClient client) {
    return client.preparedQuery(KeySql.ANY_ACTIVE_ADMIN).execute().map(rows -> rows.iterator().next().getBoolean("found"));
  }

  /** @return true when this call took the key (a new submit may go ahead), false when another submit has it */
  public static Future<Boolean> takeIdempotencyKey(SqlClient client, String owner, String key, byte[] bodyHash,
                                                   JsonObject receipt) {
    return client.preparedQuery(KeySql.TAKE_IDEMPOTENCY_KEY)
        .execute(Tuple.of(owner, key, Buffer.buffer(bodyHash), receipt.encode()))
        .map(rows -> rows.size() == 1);
  }

  /** The submit that holds this idempotency key, or null. */
  public static Future<IdempotentSubmit> findIdempotencyKey(SqlClient client, String owner, String key) {
    return client.preparedQuery(KeySql.FIND_IDEMPOTENCY_KEY).execute(Tuple.of(owner, key)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row r = rows.iterator().next();
      return new IdempotentSubmit(r.getBuffer("body_hash").getBytes(), (JsonObject) r.getValue("receipt"));
    });
  }

  /** Deletes up to {@code limit} idempotency keys past their 24 hours; completes with how many. */
  public static Future<Integer> pruneIdempotencyKeys(SqlClient client, int limit) {
    return client.preparedQuery(KeySql.PRUNE_IDEMPOTENCY_KEYS).execute(Tuple.of(limit)).map(rows -> rows.rowCount());
  }

  private static String time(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
