package io.blockline.bus;

import io.blockline.engine.Intake;
import io.blockline.session.SubmissionParser;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.List;

/** Serves the event-bus API ({@link SessionBusApi}) on this node; HTTP calls the same addresses. */
public final class BusApiVerticle extends VerticleBase {
  private final Pool pool;
  private final SubmissionParser parser;
  private final Intake intake;
  private List<MessageConsumer<JsonObject>> consumers = List.of();

  public BusApiVerticle(Pool pool, SubmissionParser parser, Intake intake) {
    this.pool = pool;
    this.parser = parser;
    this.intake = intake;
  }

  @Override
  public Future<?> start() {
    consumers = new SessionBusApi(pool, parser, intake::submit, intake::command).register(vertx.eventBus());
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  @Override
  public Future<?> stop() {
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList());
  }
}
