package io.blockline.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * Hands a JsonObject between the dispatcher and its workers on this node without the deep copy
 * the default codec makes for local delivery: the sender never touches it again. Local only: a
 * member of a cluster that receives it could not decode it, so a request sent with it carries
 * {@link #LOCAL_HEADER}, and only such a request is answered with it.
 */
public final class LocalJsonCodec implements MessageCodec<JsonObject, JsonObject> {
  public static final String NAME = "blockline.local-json";
  public static final DeliveryOptions OPTIONS = new DeliveryOptions().setCodecName(NAME).setLocalOnly(true);
  /** Marks a request from this node: its reply may travel with this codec too. */
  public static final String LOCAL_HEADER = "blockline-local";
  private static final DeliveryOptions CLUSTERED_REPLY = new DeliveryOptions();

  /** Options of a local request with this codec (the header tells the answering side). */
  public static DeliveryOptions request(long timeoutMs) {
    return new DeliveryOptions().setCodecName(NAME).setLocalOnly(true).setSendTimeout(timeoutMs)
        .addHeader(LOCAL_HEADER, "1");
  }

  /** How to answer {@code request}: with this codec when it came from this node's own {@link #request}. */
  public static DeliveryOptions replyTo(io.vertx.core.eventbus.Message<?> request) {
    return request.headers().contains(LOCAL_HEADER) ? OPTIONS : CLUSTERED_REPLY;
  }

  public static void register(Vertx vertx) {
    try {
      vertx.eventBus().registerCodec(new LocalJsonCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // registered by another component of this Vert.x instance
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, JsonObject json) {
    Buffer encoded = json.toBuffer();
    buffer.appendInt(encoded.length()).appendBuffer(encoded);
  }

  @Override
  public JsonObject decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length));
  }

  @Override
  public JsonObject transform(JsonObject json) {
    return json;
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
