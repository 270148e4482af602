package io.blockline.http;

import io.blockline.api.Addresses;
import io.blockline.api.ProblemException;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /v1/sessions} and {@code /v1/mock}. */
final class SessionRoutes {
  private final Vertx vertx;
  private final Bus bus;
  private final EventHub events;
  private final SubmitQuotas quotas;

  SessionRoutes(Vertx vertx, Bus bus, EventHub events, SubmitQuotas quotas) {
    this.vertx = vertx;
    this.bus = bus;
    this.events = events;
    this.quotas = quotas;
  }

  void mount(Router router) {
    router.post("/v1/sessions").handler(this::submit);
    router.get("/v1/sessions").handler(this::list);
    router.get("/v1/sessions/:token").handler(ctx -> bus.answer(ctx, Addresses.SESSIONS_GET, sessionBody(ctx), 200));
    router.delete("/v1/sessions/:token").handler(ctx -> bus.request(ctx, Addresses.SESSIONS_DELETE, tokenBody(ctx))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(e -> Problems.send(ctx, e)));
    router.post("/v1/sessions/:token/run").handler(ctx -> bus.answer(ctx, Addresses.SESSIONS_RUN, sessionBody(ctx), 200));
    router.post("/v1/sessions/:token/cancel").handler(ctx -> bus.answer(ctx, Addresses.SESSIONS_CANCEL, sessionBody(ctx), 200));
    router.post("/v1/sessions/:token/proceed").handler(this::proceed);
    router.get("/v1/sessions/:token/deliveries").handler(ctx ->
        bus.answer(ctx, Addresses.SESSIONS_DELIVERIES, tokenBody(ctx), 200));
    router.post("/v1/sessions/:token/deliveries/ack").handler(ctx ->
        bus.answer(ctx, Addresses.SESSIONS_DELIVERIES_ACK, tokenBody(ctx), 200));
    router.get("/v1/sessions/:token/events").handler(new SessionEventStream(bus, events)::stream);
    router.post("/v1/mock").handler(ctx -> bus.answer(ctx, Addresses.SESSIONS_MOCK, bodyOrEmpty(ctx), 201));
  }

  private void submit(RoutingContext ctx) {
    Long waitMs = WaitParam.parse(ctx.request().getParam("wait"));
    JsonObject body = jsonBody(ctx);
    String owner = Bus.owner(ctx);
    if (owner != null && body.getValue("owner") != null && !owner.equals(body.getValue("owner"))) {
      throw ProblemException.badRequest(new JsonArray().add(new JsonObject().put("field", "owner")
          .put("message", "must be the caller's owner " + owner + " (X-Blockline-Owner) or left out")));
    }
    if (owner != null) {
      body.put("owner", owner);
    }
    if (!quotas.admit(ctx, owner != null ? owner : body.getValue("owner") instanceof String o ? o : null, body)) {
      return;
    }
    String idempotencyKey = ctx.request().getHeader("Idempotency-Key");
    if (idempotencyKey != null) {
      if (body.getValue("idempotencyKey") != null && !idempotencyKey.equals(body.getValue("idempotencyKey"))) {
        throw ProblemException.badRequest(new JsonArray().add(new JsonObject().put("field", "idempotencyKey")
            .put("message", "differs from the Idempotency-Key header; give one or make them equal")));
      }
      body.put("idempotencyKey", idempotencyKey);
    }
    if (waitMs == null) {
      // A replayed idempotent submit stored nothing new: 200, not 201.
      bus.request(ctx, Addresses.SESSIONS_SUBMIT, body)
          .onSuccess(receipt -> {
            boolean replayed = receipt.getBoolean("replayed", false);
            if (replayed) {
              ctx.response().putHeader("Idempotent-Replayed", "true");
            }
            Bus.json(ctx, replayed ? 200 : 201, receipt);
          })
          .onFailure(e -> Problems.send(ctx, e));
      return;
    }
    bus.request(ctx, Addresses.SESSIONS_SUBMIT, body)
        .onSuccess(receipt -> new SessionWaiter(vertx, bus, events, Bus.authorization(ctx)).await(receipt.getString("token"), waitMs)
            .onSuccess(view -> Bus.json(ctx, 200, view))
            .onFailure(timeout -> Bus.json(ctx, 202, receipt)))
        .onFailure(e -> Problems.send(ctx, e));
  }

  private void list(RoutingContext ctx) {
    JsonObject query = new JsonObject();
    for (String name : new String[] {"status", "owner", "name", "limit", "cursor"}) {
      String value = ctx.request().getParam(name);
      if (value != null) {
        query.put(name, value);
      }
    }
    String owner = Bus.owner(ctx);
    if (owner != null) {
      query.put("owner", owner);
    }
    bus.answer(ctx, Addresses.SESSIONS_LIST, query, 200);
  }

  private void proceed(RoutingContext ctx) {
    JsonObject body = bodyOrEmpty(ctx).copy();
    body.put("token", ctx.pathParam("token"));
    String owner = Bus.owner(ctx);
    if (owner != null) {
      body.put("owner", owner);
    }
    blocksParam(ctx, body);
    bus.answer(ctx, Addresses.SESSIONS_PROCEED, body, 200);
  }

  /** {@link #tokenBody} with {@code ?blocks=false} (the answer's session without its blocks) passed on. */
  private static JsonObject sessionBody(RoutingContext ctx) {
    return blocksParam(ctx, tokenBody(ctx));
  }

  /** {@code true} / {@code false} travel as booleans; anything else as it came, for the API to refuse. */
  private static JsonObject blocksParam(RoutingContext ctx, JsonObject body) {
    String blocks = ctx.request().getParam("blocks");
    if (blocks != null) {
      body.put("blocks", blocks.equals("true") || blocks.equals("false") ? (Object) Boolean.valueOf(blocks) : blocks);
    }
    return body;
  }

  static JsonObject tokenBody(RoutingContext ctx) {
    JsonObject body = new JsonObject().put("token", ctx.pathParam("token"));
    String owner = Bus.owner(ctx);
    if (owner != null) {
      body.put("owner", owner);
    }
    return body;
  }

  /** The request body as a JSON object; 400 when it is missing, not JSON, or not an object. */
  static JsonObject jsonBody(RoutingContext ctx) {
    String text = ctx.body().asString();
    if (text == null || text.isBlank()) {
      throw invalidBody("is required: a JSON object");
    }
    try {
      Object value = io.vertx.core.json.Json.decodeValue(text);
      if (value instanceof JsonObject object) {
        return object;
      }
      throw invalidBody("must be a JSON object");
    } catch (DecodeException e) {
      throw invalidBody("is not valid JSON: " + firstLine(e.getMessage()));
    }
  }

  /** Jackson's message without its location dump. */
  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    String line = message.replace("Failed to decode:", "").split("\n")[0].trim();
    return line.length() > 200 ? line.substring(0, 200) : line;
  }

  static JsonObject bodyOrEmpty(RoutingContext ctx) {
    String text = ctx.body().asString();
    return text == null || text.isBlank() ? new JsonObject() : jsonBody(ctx);
  }

  private static ProblemException invalidBody(String message) {
    return ProblemException.badRequest(new JsonArray().add(new JsonObject().put("field", "body").put("message", message)));
  }
}
