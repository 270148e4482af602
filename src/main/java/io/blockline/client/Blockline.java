package io.blockline.client;

import io.blockline.api.ProblemCodec;
import io.vertx.core.Vertx;

/** Entry point for verticles that use Blockline over the event bus (same JVM or cluster). */
public final class Blockline {
  private Blockline() {
  }

  /** A client on this Vert.x instance's event bus. Cheap; keep one per verticle. */
  public static BlocklineClient client(Vertx vertx) {
    ProblemCodec.register(vertx);
    return new BlocklineClient(vertx, null);
  }

  /** A client whose every call carries this API key, for nodes with {@code auth.eventBus} on. */
  public static BlocklineClient client(Vertx vertx, String apiKey) {
    ProblemCodec.register(vertx);
    return new BlocklineClient(vertx, apiKey);
  }
}
