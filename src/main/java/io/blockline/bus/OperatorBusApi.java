package io.blockline.bus;

import io.blockline.api.Addresses;
import io.blockline.store.DeliveryQueries;
import io.blockline.store.OverviewQueries;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.List;
import java.util.function.IntSupplier;

/**
 * The read-only addresses behind the operators' surfaces (dashboard and CLI): the overview and
 * the deliveries of every session. Registered by the dispatcher verticle beside
 * {@link SessionBusApi}, so the node's own worker count is read on the loop that keeps it.
 */
public final class OperatorBusApi {
  private final OverviewQueries overview;
  private final DeliveryQueries deliveries;
  private final IntSupplier busyWorkers;
  private final int workerLimit;

  public OperatorBusApi(Pool pool, IntSupplier busyWorkers, int workerLimit) {
    this.overview = new OverviewQueries(pool);
    this.deliveries = new DeliveryQueries(pool);
    this.busyWorkers = busyWorkers;
    this.workerLimit = workerLimit;
  }

  public List<MessageConsumer<JsonObject>> register(EventBus bus) {
    return List.of(
        bus.consumer(Addresses.OVERVIEW, BusReplies.answer(b -> overview.overview().map(view -> view
            .put("workers", new JsonObject().put("busy", busyWorkers.getAsInt()).put("limit", workerLimit))))),
        bus.consumer(Addresses.DELIVERIES_LIST, BusReplies.answer(deliveries::unsettled)));
  }
}
