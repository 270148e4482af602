package io.blockline.http;

import io.blockline.api.Addresses;
import io.blockline.auth.ApiKeys;
import io.blockline.auth.Caller;
import io.blockline.auth.RouteScopes;
import io.blockline.auth.Scope;
import io.blockline.auth.VerifiedKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.stream.Collectors;

/**
 * {@code auth.enabled}: every {@code /v1} request carries {@code Authorization: Bearer <key>}.
 * The key's owner becomes the request's owner scope; only an admin key may name another with
 * {@code X-Blockline-Owner} (or none, to see every owner). Missing or unknown key → 401, a scope
 * the key lacks → 403. A verified key is remembered for {@code auth.cacheMs}, so a revoked key
 * stops working within that time on every node.
 */
final class AuthGate {
  static final String CALLER = "blockline.caller";
  static final String OWNER = "blockline.owner";

  private final Bus bus;
  private final VerifiedKeys verified;

  AuthGate(Bus bus, long cacheMs) {
    this.bus = bus;
    this.verified = new VerifiedKeys(cacheMs);
  }

  void handle(RoutingContext ctx) {
    String key = ApiKeys.fromBearer(ctx.request().getHeader("Authorization"));
    if (key == null) {
      Problems.send(ctx, 401, "an API key is required: Authorization: Bearer <key>", null);
      return;
    }
    Caller known = verified.get(key);
    if (known != null) {
      admit(ctx, known);
      return;
    }
    // The body must wait for the handlers after this one (BodyHandler): the check is asynchronous.
    ctx.request().pause();
    bus.request(Addresses.KEYS_VERIFY, new JsonObject().put("key", key), null).onComplete(ar -> {
      if (ar.failed()) {
        verified.forget(key);
        Problems.send(ctx, ar.cause());
        ctx.request().resume();
        return;
      }
      JsonObject c = ar.result();
      Caller caller = new Caller(c.getString("owner"),
          Scope.parse(c.getJsonArray("scopes", new JsonArray()).stream().map(String::valueOf).collect(Collectors.toList())),
          c.getString("prefix"));
      verified.put(key, caller);
      admit(ctx, caller);
      ctx.request().resume();  // after the next handlers took the body's events (BodyHandler)
    });
  }

  private void admit(RoutingContext ctx, Caller caller) {
    Scope needed = RouteScopes.needed(ctx.request().method().name(), ctx.request().path());
    if (!caller.may(needed)) {
      Problems.send(ctx, 403, "API key " + caller.prefix() + " lacks the " + needed.wireName() + " scope", null);
      return;
    }
    String asked = ctx.request().getHeader("X-Blockline-Owner");
    String owner;
    if (caller.admin()) {
      owner = asked == null || asked.isBlank() ? null : asked;
    } else if (asked != null && !asked.equals(caller.owner())) {
      Problems.send(ctx, 403, "X-Blockline-Owner may name another owner only with an admin key; key "
          + caller.prefix() + " belongs to " + caller.owner(), null);
      return;
    } else {
      owner = caller.owner();
    }
    ctx.put(CALLER, caller);
    ctx.put(OWNER, owner);
    ctx.next();
  }
}
