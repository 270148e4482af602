package io.blockline.engine;

import io.blockline.api.Addresses;
import io.blockline.api.Events;
import io.blockline.store.BlockStore;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Handlers' activity lines ({@code blockline.blocks.activity}): each is published at once as an
 * event, then stored in batches, keeping the newest 1000 per block.
 */
public final class ActivityWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityWriter.class);
  private static final Set<String> LEVELS = Set.of("DEBUG", "NOTICE", "WARNING", "ERROR");
  private final Pool pool;
  private final EventBus bus;
  private final Clock clock;
  private final Batcher<JsonObject> batcher;

  public ActivityWriter(Pool pool, EventBus bus, Clock clock) {
    this.pool = pool;
    this.bus = bus;
    this.clock = clock;
    this.batcher = new Batcher<>(1000, this::write);
  }

  /** {@code line}: sessionToken, blockToken, blockId, at (epoch ms), level, line; a line without a token or level is dropped. */
  public void accept(JsonObject line) {
    String level = line.getString("level");
    if (level == null || !LEVELS.contains(level) || line.getString("blockToken") == null) {
      LOG.warn("activity line dropped: needs blockToken and a level among {}: {}", LEVELS, line.encode());
      return;
    }
    bus.publish(Addresses.EVENTS, Events.activity(line.getString("sessionToken"), line.getString("blockToken"),
        line.getString("blockId"), level, line.getString("line"), Instant.ofEpochMilli(line.getLong("at", clock.millis()))));
    batcher.add(line);
  }

  public boolean idle() {
    return batcher.idle();
  }

  private Future<Void> write(List<JsonObject> lines) {
    long now = clock.millis();
    return pool.withTransaction(conn -> BlockStore.recordActivity(conn, lines, now))
        .onFailure(e -> LOG.warn("activity lines not stored lines={}: {}", lines.size(), e.toString()));
  }
}
