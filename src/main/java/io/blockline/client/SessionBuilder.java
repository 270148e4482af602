package io.blockline.client;

import io.blockline.api.Addresses;
import io.blockline.session.ExecutionTime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A session being described, fluent in the spirit of an async-process builder:
 * <pre>{@code
 * var s = Blockline.client(vertx).session("resize album").priority(70);
 * s.block("images.fetch").id("fetch").params(json).replayable();
 * s.block("images.resize").id("resize").require("fetch").dataset(items);
 * Future<SessionRef> ref = s.submit(ExecutionTime.NOW);
 * }</pre>
 */
public final class SessionBuilder {
  private final BlocklineClient client;
  private final JsonObject json = new JsonObject();
  private final List<BlockBuilder> blocks = new ArrayList<>();

  SessionBuilder(BlocklineClient client, String name) {
    this.client = client;
    json.put("name", name);
  }

  public SessionBuilder priority(int priority) { json.put("priority", priority); return this; }
  public SessionBuilder owner(String owner) { json.put("owner", owner); return this; }
  public SessionBuilder metadata(JsonObject metadata) { json.put("metadata", metadata); return this; }
  public SessionBuilder sequential() { json.put("mode", "sequential"); return this; }
  public SessionBuilder pipeline() { json.put("mode", "pipeline"); return this; }
  public SessionBuilder parallel(int maxParallel) { json.put("mode", "parallel").put("maxParallel", maxParallel); return this; }
  public SessionBuilder parallel() { json.put("mode", "parallel"); return this; }

  /** Deliver the final (or paused) state to this event-bus address. */
  public SessionBuilder callbackAddress(String address) {
    json.put("callback", json.getJsonObject("callback", new JsonObject()).put("address", address));
    return this;
  }

  /** Deliver the final (or paused) state to this URL. */
  public SessionBuilder callbackUrl(String url) {
    json.put("callback", json.getJsonObject("callback", new JsonObject()).put("url", url));
    return this;
  }

  /** A block served by a verticle consuming this event-bus address. */
  public BlockBuilder block(String address) {
    return add(new JsonObject().put("type", "eventbus").put("address", address));
  }

  /** A block run by a builtin handler: noop, echo, sleep or fail. */
  public BlockBuilder builtin(String name) {
    return add(new JsonObject().put("type", "builtin").put("name", name));
  }

  /** A block that calls a URL with the run as JSON. */
  public BlockBuilder http(String method, String url) {
    return add(new JsonObject().put("type", "http").put("method", method).put("url", url));
  }

  /**
   * A block that runs an operating-system process, {@code argv[0]} with the rest as its arguments
   * (no shell); the node must enable command handlers and allow {@code argv[0]}.
   */
  public BlockBuilder command(String... argv) {
    return command(List.of(argv));
  }

  public BlockBuilder command(List<String> argv) {
    return add(new JsonObject().put("type", "command").put("argv", new JsonArray(List.copyOf(argv))));
  }

  /** A block that runs {@code /bin/sh -c script}; the node must allow shell commands. */
  public BlockBuilder shell(String script) {
    return add(new JsonObject().put("type", "command").put("shell", script));
  }

  private BlockBuilder add(JsonObject handler) {
    BlockBuilder block = new BlockBuilder(handler);
    blocks.add(block);
    return block;
  }

  /** The submit body as it would be sent. */
  public JsonObject toJson() {
    JsonArray array = new JsonArray();
    blocks.forEach(b -> array.add(b.toJson()));
    return json.copy().put("blocks", array);
  }

  /** Stores the session; the future completes once it is durable. */
  public Future<SessionRef> submit(ExecutionTime executionTime) {
    return client.request(Addresses.SESSIONS_SUBMIT, toJson().put("executionTime", executionTime.name()))
        .map(SessionRef::from);
  }

  public Future<SessionRef> submit() {
    return submit(ExecutionTime.NOW);
  }
}
