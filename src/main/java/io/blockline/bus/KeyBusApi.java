package io.blockline.bus;

import io.blockline.api.Addresses;
import io.blockline.api.ProblemException;
import io.blockline.auth.ApiKeys;
import io.blockline.auth.Scope;
import io.blockline.store.KeyStore;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** API keys on the event bus: verify (for the HTTP gate), create, list, revoke (admin routes). */
public final class KeyBusApi {
  private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9_.@-]{1,128}");
  private final Pool pool;

  public KeyBusApi(Pool pool) {
    this.pool = pool;
  }

  public List<MessageConsumer<JsonObject>> register(EventBus bus) {
    List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
    consumers.add(bus.consumer(Addresses.KEYS_VERIFY, BusReplies.answer(this::verify)));
    consumers.add(bus.consumer(Addresses.KEYS_CREATE, BusReplies.answer(this::create)));
    consumers.add(bus.consumer(Addresses.KEYS_LIST, BusReplies.answer(
        b -> KeyStore.list(pool, b.getString("owner")).map(keys -> new JsonObject().put("keys", keys)))));
    consumers.add(bus.consumer(Addresses.KEYS_REVOKE, BusReplies.answer(this::revoke)));
    return consumers;
  }

  private Future<JsonObject> verify(JsonObject body) {
    String key = body.getString("key");
    return KeyCheck.verify(pool, key).map(c -> new JsonObject().put("owner", c.owner()).put("prefix", c.prefix())
        .put("scopes", new JsonArray(c.scopes().stream().map(Scope::wireName).sorted().toList())));
  }

  /** Creates a key; the caller sees its text this once. */
  public Future<JsonObject> create(JsonObject body) {
    JsonArray errors = new JsonArray();
    String owner = body.getValue("owner") instanceof String s ? s : null;
    if (owner == null || !OWNER.matcher(owner).matches()) {
      errors.add(error("owner", "is required: 1 to 128 of A-Z a-z 0-9 _ . @ -"));
    }
    Set<Scope> scopes = null;
    if (!(body.getValue("scopes") instanceof JsonArray names) || names.stream().anyMatch(n -> !(n instanceof String))) {
      errors.add(error("scopes", "is required: an array of read, submit, admin"));
    } else {
      try {
        scopes = Scope.parse(names.stream().map(String.class::cast).toList());
      } catch (IllegalArgumentException e) {
        errors.add(error("scopes", e.getMessage()));
      }
    }
    Object name = body.getValue("name");
    if (name != null && (!(name instanceof String n) || n.length() > 200)) {
      errors.add(error("name", "must be a string of at most 200 characters"));
    }
    if (!errors.isEmpty()) {
      return Future.failedFuture(ProblemException.badRequest(errors));
    }
    ApiKeys.NewKey key = ApiKeys.generate();
    Set<Scope> granted = scopes;
    return KeyStore.insert(pool, key.prefix(), key.hash(), owner, granted, (String) name)
        .map(created -> new JsonObject().put("key", key.key()).put("prefix", key.prefix()).put("owner", owner)
            .put("scopes", new JsonArray(granted.stream().map(Scope::wireName).sorted().toList()))
            .put("name", name).put("createdAt", created.toInstant().toString()));
  }

  private Future<JsonObject> revoke(JsonObject body) {
    String prefix = body.getString("prefix");
    return KeyStore.revoke(pool, prefix == null ? "" : prefix).compose(done -> done
        ? Future.succeededFuture(new JsonObject().put("prefix", prefix).put("revoked", true))
        : Future.failedFuture(ProblemException.notFound("active API key")));
  }

  private static JsonObject error(String field, String message) {
    return new JsonObject().put("field", field).put("message", message);
  }
}
