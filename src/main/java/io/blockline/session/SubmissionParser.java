package io.blockline.session;

import io.blockline.api.FieldErrors;
import io.blockline.api.JsonFields;
import io.blockline.handler.HandlerKind;
import io.blockline.handler.HandlerKinds;
import io.blockline.net.HttpUrls;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a whole submit body before anything is stored, collecting every bad field,
 * and fills in the defaults. Each handler object is checked by its {@link HandlerKind}. Pure: no I/O.
 */
public final class SubmissionParser {
  public static final int MAX_BLOCKS = 10_000;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Set<String> SESSION_FIELDS = Set.of("name", "owner", "executionTime", "priority", "mode",
      "maxParallel", "metadata", "callback", "blocks");
  private static final Set<String> BLOCK_FIELDS = Set.of("id", "name", "handler", "params", "dataset", "require",
      "blocker", "replayable", "retry", "delayMs", "priority", "timeoutMs", "interrupt");
  private static final Set<String> RETRY_FIELDS = Set.of("maxAttempts", "initialDelayMs", "multiplier", "maxDelayMs", "jitterMs");

  private final long defaultTimeoutMs;
  private final HandlerKinds kinds;
  /** "builtin, eventbus, http or command", plus any kinds the application registered. */
  private final String typeChoices;

  public SubmissionParser(long defaultTimeoutMs, HandlerKinds kinds) {
    this.defaultTimeoutMs = defaultTimeoutMs;
    this.kinds = kinds;
    List<String> types = kinds.types();
    this.typeChoices = String.join(", ", types.subList(0, types.size() - 1)) + " or " + types.get(types.size() - 1);
  }

  /** @throws io.blockline.api.ProblemException 400 listing every invalid field */
  public Submission parse(JsonObject body) {
    FieldErrors errors = new FieldErrors();
    JsonFields f = new JsonFields(body, "", errors);
    f.rejectUnknown(SESSION_FIELDS);
    String name = f.string("name", null);
    String owner = f.string("owner", null);
    ExecutionTime executionTime = f.enumValue("executionTime", ExecutionTime.class, ExecutionTime.NOW, false);
    int priority = f.integer("priority", 50L, 0, 100).intValue();
    SessionMode mode = f.enumValue("mode", SessionMode.class, SessionMode.SEQUENTIAL, true);
    Long maxParallel = f.integer("maxParallel", null, 1, 100_000);
    if (maxParallel != null && mode != SessionMode.PARALLEL) {
      errors.add("maxParallel", "only applies to mode parallel");
    }
    JsonObject metadata = f.object("metadata");
    JsonObject callback = callback(f.object("callback"), errors);
    List<BlockSpec> blocks = blocks(f.array("blocks"), priority, errors);
    errors.throwIfAny();
    return new Submission(name, owner, executionTime, priority, mode,
        maxParallel == null ? null : maxParallel.intValue(), metadata, callback, blocks);
  }

  private JsonObject callback(JsonObject callback, FieldErrors errors) {
    if (callback == null) {
      return null;
    }
    JsonFields f = new JsonFields(callback, "callback", errors);
    f.rejectUnknown(Set.of("url", "address"));
    String url = f.string("url", null);
    String address = f.string("address", null);
    if (url == null && address == null) {
      errors.add("callback", "needs a url, an address or both");
    }
    if (url != null && !HttpUrls.isAbsoluteHttp(url)) {
      errors.add("callback.url", "must be an absolute http or https URL");
    }
    if (address != null && address.isBlank()) {
      errors.add("callback.address", "must not be blank");
    }
    return callback;
  }

  private List<BlockSpec> blocks(JsonArray array, int sessionPriority, FieldErrors errors) {
    List<BlockSpec> specs = new ArrayList<>();
    if (array == null) {
      errors.add("blocks", "is required: a session has at least one block");
      return specs;
    }
    if (array.isEmpty()) {
      errors.add("blocks", "must hold at least one block");
      return specs;
    }
    if (array.size() > MAX_BLOCKS) {
      errors.add("blocks", "holds " + array.size() + " blocks; at most " + MAX_BLOCKS + " per session");
      return specs;
    }
    Set<String> explicitIds = new HashSet<>();
    for (Object item : array) {
      if (item instanceof JsonObject o && o.getValue("id") instanceof String id) {
        explicitIds.add(id.toLowerCase(Locale.ROOT));
      }
    }
    // Every id a block will have, defaults included, so "a later block" is told apart from "unknown".
    Set<String> allIds = new HashSet<>(explicitIds);
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject o && o.getValue("id") instanceof String)) {
        allIds.add(defaultId(i, explicitIds));
      }
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < array.size(); i++) {
      String path = "blocks[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject json)) {
        errors.add(path, "must be a JSON object");
        continue;
      }
      BlockSpec spec = block(json, path, i, sessionPriority, explicitIds, allIds, seen, errors);
      if (spec != null) {
        specs.add(spec);
      }
    }
    return specs;
  }

  private BlockSpec block(JsonObject json, String path, int index, int sessionPriority, Set<String> explicitIds,
                          Set<String> allIds, Map<String, Integer> seen, FieldErrors errors) {
    JsonFields f = new JsonFields(json, path, errors);
    f.rejectUnknown(BLOCK_FIELDS);
    String id = f.string("id", null);
    if (id == null) {
      id = defaultId(index, explicitIds);
    } else if (!ID.matcher(id).matches()) {
      errors.add(f.path("id"), "must match [A-Za-z0-9_.-]{1,64}");
    }
    String key = id.toLowerCase(Locale.ROOT);
    if (seen.containsKey(key)) {
      errors.add(f.path("id"), "duplicates the id of blocks[" + seen.get(key) + "] (ids are case-insensitive)");
    } else {
      seen.put(key, index);
    }
    List<String> requires = requires(f.array("require"), f.path("require"), key, seen, allIds, errors);
    JsonObject handler = handler(f.object("handler"), f.path("handler"), errors);
    JsonObject retry = retry(f.object("retry"), f.path("retry"), errors);
    JsonArray dataset = f.array("dataset");
    if (dataset != null && handler != null && handler.getValue("type") instanceof String type && !kinds.takesDataset(type)) {
      errors.add(f.path("dataset"), "a " + type + " block runs once and takes no dataset");
    }
    return new BlockSpec(
        id,
        f.string("name", null),
        handler,
        f.object("params"),
        dataset,
        requires,
        f.bool("blocker", false),
        f.bool("replayable", false) || retry != null,
        retry,
        f.integer("delayMs", 0L, 0, Long.MAX_VALUE),
        f.integer("priority", (long) sessionPriority, 0, 100).intValue(),
        f.integer("timeoutMs", defaultTimeoutMs, 1, Long.MAX_VALUE),
        f.bool("interrupt", false));
  }

  private static String defaultId(int index, Set<String> explicitIds) {
    String id = "block-" + (index + 1);
    while (explicitIds.contains(id)) {
      id = id + "_";
    }
    return id;
  }

  private static List<String> requires(JsonArray array, String path, String self, Map<String, Integer> earlier,
                                       Set<String> allIds, FieldErrors errors) {
    List<String> requires = new ArrayList<>();
    if (array == null) {
      return requires;
    }
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String ref)) {
        errors.add(path + "[" + i + "]", "must be a block id (string)");
        continue;
      }
      String key = ref.toLowerCase(Locale.ROOT);
      if (key.equals(self)) {
        errors.add(path + "[" + i + "]", "a block cannot require itself");
      } else if (earlier.containsKey(key)) {
        requires.add(key);
      } else if (allIds.contains(key)) {
        errors.add(path + "[" + i + "]", "names a later block: " + ref + " (require only earlier blocks)");
      } else {
        errors.add(path + "[" + i + "]", "names an unknown block: " + ref);
      }
    }
    return requires;
  }

  private JsonObject handler(JsonObject handler, String path, FieldErrors errors) {
    if (handler == null) {
      errors.add(path, "is required");
      return null;
    }
    JsonFields f = new JsonFields(handler, path, errors);
    String type = f.string("type", null);
    if (type == null) {
      errors.add(f.path("type"), "is required: " + typeChoices);
      return handler;
    }
    HandlerKind kind = kinds.find(type);
    if (kind == null) {
      errors.add(f.path("type"), "must be one of " + String.join(", ", kinds.types()) + " (was " + type + ")");
    } else {
      kind.validate(f, errors);
    }
    return handler;
  }

  private static JsonObject retry(JsonObject retry, String path, FieldErrors errors) {
    if (retry == null) {
      return null;
    }
    JsonFields f = new JsonFields(retry, path, errors);
    f.rejectUnknown(RETRY_FIELDS);
    f.integer("maxAttempts", null, 1, Integer.MAX_VALUE);
    f.integer("initialDelayMs", null, 0, Long.MAX_VALUE);
    f.decimal("multiplier", null, 1.0);
    f.integer("maxDelayMs", null, 0, Long.MAX_VALUE);
    f.integer("jitterMs", null, 0, Long.MAX_VALUE);
    return retry;
  }
}
