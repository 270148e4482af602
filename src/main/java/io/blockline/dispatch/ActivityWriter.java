package io.blockline.dispatch;

import io.blockline.block.BlockSql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Stores handler activity lines in batches and keeps the newest 1000 per block. */
final class ActivityWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityWriter.class);
  private final Pool pool;
  private final Batcher<JsonObject> batcher;

  ActivityWriter(Pool pool) {
    this.pool = pool;
    this.batcher = new Batcher<>(1000, this::write);
  }

  void add(JsonObject line) {
    batcher.add(line);
  }

  boolean idle() {
    return batcher.idle();
  }

  private Future<Void> write(List<JsonObject> lines) {
    int n = lines.size();
    Long[] blocks = new Long[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    String[] levels = new String[n], texts = new String[n];
    for (int i = 0; i < n; i++) {
      JsonObject l = lines.get(i);
      blocks[i] = l.getLong("blockId");
      at[i] = OffsetDateTime.ofInstant(Instant.ofEpochMilli(l.getLong("at")), ZoneOffset.UTC);
      levels[i] = l.getString("level");
      texts[i] = l.getString("line");
    }
    Long[] distinct = java.util.Arrays.stream(blocks).distinct().toArray(Long[]::new);
    return pool.withTransaction(conn -> conn.preparedQuery(BlockSql.INSERT_ACTIVITY)
            .execute(Tuple.of(blocks, at, levels, texts))
            .compose(v -> conn.preparedQuery(BlockSql.TRIM_ACTIVITY).execute(Tuple.of((Object) distinct))))
        .<Void>mapEmpty()
        .onFailure(e -> LOG.warn("activity lines not stored lines={}: {}", n, e.toString()));
  }
}
