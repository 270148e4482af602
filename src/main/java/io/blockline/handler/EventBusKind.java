package io.blockline.handler;

import io.blockline.api.FieldErrors;
import io.blockline.api.JsonFields;

import java.util.Set;

/** The {@code eventbus} kind: {@code {"type":"eventbus","address":"…"}}, run by {@link EventBusHandler}. */
public final class EventBusKind implements HandlerKind {
  @Override
  public String type() {
    return "eventbus";
  }

  @Override
  public void validate(JsonFields f, FieldErrors errors) {
    f.rejectUnknown(Set.of("type", "address"));
    String address = f.string("address", null);
    if (address == null || address.isBlank()) {
      errors.add(f.path("address"), "is required for an eventbus handler");
    }
  }

  @Override
  public BlockHandler handler(HandlerServices services) {
    return new EventBusHandler(services.vertx());
  }
}
