package io.blockline.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Carries a {@link ProblemException} over the event bus, its field errors included. */
public final class ProblemCodec implements MessageCodec<ProblemException, ProblemException> {
  public static final String NAME = "blockline.problem";

  /** Registers the codec once per Vert.x instance; harmless to call again. */
  public static void register(Vertx vertx) {
    try {
      vertx.eventBus().registerDefaultCodec(ProblemException.class, new ProblemCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // another component of this Vert.x instance registered it first
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, ProblemException problem) {
    Buffer json = new JsonObject().put("status", problem.status()).put("detail", problem.getMessage())
        .put("errors", problem.errors()).toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public ProblemException decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    JsonObject json = new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length));
    return new ProblemException(json.getInteger("status"), json.getString("detail"),
        json.getJsonArray("errors", new JsonArray()));
  }

  @Override
  public ProblemException transform(ProblemException problem) {
    return problem;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
