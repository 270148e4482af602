package io.blockline.bus;

import io.blockline.api.Addresses;
import io.blockline.api.ProblemException;
import io.blockline.auth.ApiKeys;
import io.blockline.auth.BusScopes;
import io.blockline.auth.Caller;
import io.blockline.auth.Scope;
import io.blockline.auth.VerifiedKeys;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;


/**
 * {@code auth.eventBus}: an inbound interceptor that asks every call to an API address for an API
 * key in its {@code authorization} header, as HTTP does with {@code Authorization} (the HTTP layer
 * passes its caller's on). No key or an unknown one → 401, a scope the key lacks → 403, both as
 * the usual problem failure. The key's owner then replaces whatever {@code owner} the body named,
 * unless the key is an admin's (which may name any owner, or none). Verified keys are remembered
 * for {@code auth.cacheMs} ({@link VerifiedKeys}), as by the HTTP gate.
 */
public final class BusKeyGate implements Handler<DeliveryContext<Object>> {
  private final Pool pool;
  private final VerifiedKeys verified;

  public BusKeyGate(Pool pool, long cacheMs) {
    this.pool = pool;
    this.verified = new VerifiedKeys(cacheMs);
  }

  @Override
  public void handle(DeliveryContext<Object> delivery) {
    Scope needed = BusScopes.needed(delivery.message().address());
    if (needed == null || !delivery.send()) {
      delivery.next();
      return;
    }
    String key = keyOf(delivery.message().headers().get(Addresses.AUTHORIZATION_HEADER));
    if (key == null) {
      delivery.message().reply(new ProblemException(401,
          "an API key is required in the message header " + Addresses.AUTHORIZATION_HEADER + " (auth.eventBus)"));
      return;
    }
    Caller known = verified.get(key);
    if (known != null) {
      admit(delivery, known, needed);
      return;
    }
    Context context = Vertx.currentContext();
    KeyCheck.verify(pool, key).onComplete(ar -> {
      if (ar.failed()) {
        delivery.message().reply(ar.cause() instanceof ProblemException p ? p
            : new ProblemException(503, "the API key could not be checked: " + ar.cause().getMessage()));
        return;
      }
      verified.put(key, ar.result());
      // Delivery goes on where it was interrupted: the handler's own context.
      if (context == null || Vertx.currentContext() == context) {
        admit(delivery, ar.result(), needed);
      } else {
        context.runOnContext(v -> admit(delivery, ar.result(), needed));
      }
    });
  }

  private static void admit(DeliveryContext<Object> delivery, Caller caller, Scope needed) {
    if (!caller.may(needed)) {
      delivery.message().reply(new ProblemException(403, "API key " + caller.prefix() + " lacks the "
          + needed.wireName() + " scope"));
      return;
    }
    if (!caller.admin() && delivery.message().body() instanceof JsonObject body) {
      body.put("owner", caller.owner());
    }
    delivery.next();
  }

  /** {@code Bearer <key>}, or the key alone. */
  private static String keyOf(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String bearer = ApiKeys.fromBearer(header.trim());
    return bearer != null ? bearer : header.trim();
  }
}
