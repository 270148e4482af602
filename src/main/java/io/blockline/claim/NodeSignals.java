package io.blockline.claim;

import io.blockline.db.DatabaseTarget;
import io.blockline.store.NodeStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the other nodes sharing the database: after work became ready here, one
 * {@code NOTIFY blockline_ready} (at most one per {@link #DEBOUNCE_MS}, sent outside the hot
 * transactions so commits never queue on the notify lock); a LISTEN on the same channel wakes
 * this node's claim loop. Only a hint: the safety poll stays.
 */
public final class NodeSignals {
  private static final Logger LOG = LoggerFactory.getLogger(NodeSignals.class);
  public static final String CHANNEL = "blockline_ready";
  static final long DEBOUNCE_MS = 5;

  private final Vertx vertx;
  private final Pool pool;
  private final PgSubscriber subscriber;
  private boolean scheduled;
  private long lastInTransaction;

  private final String nodeId;

  public NodeSignals(Vertx vertx, Pool pool, DatabaseTarget target, String nodeId, Runnable onSignal) {
    this.vertx = vertx;
    this.pool = pool;
    this.nodeId = nodeId;
    this.subscriber = PgSubscriber.subscriber(vertx, target.connectOptions())
        .reconnectPolicy(retries -> 1_000L);
    // This node's own signals are not news to it.
    subscriber.channel(CHANNEL).handler(payload -> {
      if (!nodeId.equals(payload)) {
        onSignal.run();
      }
    });
  }

  public Future<Void> start() {
    return subscriber.connect().recover(e -> {
      LOG.warn("LISTEN {} unavailable, relying on the safety poll: {}", CHANNEL, e.toString());
      return Future.succeededFuture();
    });
  }

  /**
   * Adds the signal to a transaction that is about to commit ready work (at most one per
   * {@link #DEBOUNCE_MS}): it travels with that commit, no commit of its own.
   */
  public Future<Void> inTransaction(io.vertx.sqlclient.SqlClient tx) {
    long now = System.nanoTime() / 1_000_000;
    if (now - lastInTransaction < DEBOUNCE_MS) {
      return Future.succeededFuture();
    }
    lastInTransaction = now;
    return NodeStore.notify(tx, CHANNEL, nodeId);
  }

  /** Tells the other nodes that work is ready (debounced), in a statement of its own. */
  public void workReady() {
    if (scheduled) {
      return;
    }
    scheduled = true;
    vertx.setTimer(DEBOUNCE_MS, id -> {
      scheduled = false;
      NodeStore.notify(pool, CHANNEL, nodeId)
          .onFailure(e -> LOG.debug("NOTIFY failed: {}", e.toString()));
    });
  }

  public Future<Void> stop() {
    return subscriber.close();
  }
}
