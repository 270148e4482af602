package io.blockline.engine;

import io.blockline.store.BlockSql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Stores activity lines of running blocks in batches and keeps the newest 1000 per block. */
public final class ActivityWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityWriter.class);
  private final Pool pool;
  private final Batcher<JsonObject> batcher;

  public ActivityWriter(Pool pool) {
    this.pool = pool;
    this.batcher = new Batcher<>(1000, this::write);
  }

  /** {@code line}: blockToken, at (epoch ms), level, line. */
  public void add(JsonObject line) {
    batcher.add(line);
  }

  public boolean idle() {
    return batcher.idle();
  }

  private Future<Void> write(List<JsonObject> lines) {
    int n = lines.size();
    String[] tokens = new String[n], levels = new String[n], texts = new String[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      JsonObject l = lines.get(i);
      tokens[i] = l.getString("blockToken");
      at[i] = OffsetDateTime.ofInstant(Instant.ofEpochMilli(l.getLong("at", System.currentTimeMillis())), ZoneOffset.UTC);
      levels[i] = l.getString("level");
      texts[i] = l.getString("line", "");
    }
    return pool.withTransaction(conn -> conn.preparedQuery(BlockSql.INSERT_ACTIVITY)
            .execute(Tuple.of(tokens, at, levels, texts))
            .compose(rows -> {
              Set<Long> blocks = new LinkedHashSet<>();
              for (Row row : rows) {
                blocks.add(row.getLong("block_id"));
              }
              return conn.preparedQuery(BlockSql.TRIM_ACTIVITY).execute(Tuple.of((Object) blocks.toArray(Long[]::new)));
            }))
        .<Void>mapEmpty()
        .onFailure(e -> LOG.warn("activity lines not stored lines={}: {}", n, e.toString()));
  }
}
