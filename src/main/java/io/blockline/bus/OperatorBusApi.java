package io.blockline.bus;

import io.blockline.api.Addresses;
import io.blockline.store.DeliveryQueries;
import io.blockline.store.NodeStore;
import io.blockline.store.OverviewQueries;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.List;
import java.util.function.IntSupplier;

/**
 * The read-only addresses behind the operators' surfaces (dashboard and CLI): the overview, the
 * deliveries of every session, and the nodes sharing the database. Registered by the dispatcher verticle beside
 * {@link SessionBusApi}, so the node's own worker count is read on the loop that keeps it.
 */
public final class OperatorBusApi {
  private final OverviewQueries overview;
  private final DeliveryQueries deliveries;
  private final IntSupplier busyWorkers;
  private final int workerLimit;
  private final Pool pool;
  private final String nodeId;
  private final long deadAfterMs;

  public OperatorBusApi(Pool pool, IntSupplier busyWorkers, int workerLimit, String nodeId, long deadAfterMs) {
    this.pool = pool;
    this.nodeId = nodeId;
    this.deadAfterMs = deadAfterMs;
    this.overview = new OverviewQueries(pool);
    this.deliveries = new DeliveryQueries(pool);
    this.busyWorkers = busyWorkers;
    this.workerLimit = workerLimit;
  }

  public List<MessageConsumer<JsonObject>> register(EventBus bus) {
    return List.of(
        bus.consumer(Addresses.OVERVIEW, BusReplies.answer(b -> overview.overview().map(view -> view
            .put("workers", new JsonObject().put("busy", busyWorkers.getAsInt()).put("limit", workerLimit))))),
        bus.consumer(Addresses.DELIVERIES_LIST, BusReplies.answer(deliveries::unsettled)),
        bus.consumer(Addresses.NODES_LIST, BusReplies.answer(b -> NodeStore.list(pool, deadAfterMs)
            .map(nodes -> new JsonObject().put("node", nodeId).put("nodes", nodes)))));
  }
}
