package io.blockline.config;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The typed, validated configuration. Built from the merged layers by {@link #from(JsonObject)},
 * which reports every bad key at once.
 */
public final class BlocklineConfig {
  private final Map<ConfigKey, Object> values;

  private BlocklineConfig(Map<ConfigKey, Object> values) {
    this.values = values;
  }

  /** All defaults; handy for tests that then override a few keys. */
  public static BlocklineConfig defaults() {
    return from(new JsonObject());
  }

  /** Reads every key from the merged JSON (nested objects, values as JSON types or strings). */
  public static BlocklineConfig from(JsonObject merged) {
    Map<ConfigKey, Object> values = new EnumMap<>(ConfigKey.class);
    List<String> problems = new ArrayList<>();
    for (ConfigKey key : ConfigKey.values()) {
      Object raw = lookup(merged, key.key);
      if (raw == null) {
        values.put(key, key.defaultValue);
        continue;
      }
      try {
        values.put(key, ConfigValues.parse(key.type, raw));
      } catch (IllegalArgumentException e) {
        problems.add("invalid configuration " + key.key + "=" + raw + ": " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new BlocklineConfig(values);
  }

  /** Nested lookup of a dotted key; a flat key with the dots in it also counts. */
  static Object lookup(JsonObject json, String dotted) {
    if (json.containsKey(dotted)) {
      return json.getValue(dotted);
    }
    Object current = json;
    for (String part : dotted.split("\\.")) {
      if (!(current instanceof JsonObject object) || !object.containsKey(part)) {
        return null;
      }
      current = object.getValue(part);
    }
    return current;
  }

  /** The same configuration with one key changed (validated like the rest). */
  public BlocklineConfig with(ConfigKey key, Object value) {
    JsonObject json = toJson();
    json.put(key.key, value);
    return from(json);
  }

  /** Flat JSON of every key and its value. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    values.forEach((k, v) -> json.put(k.key, v));
    return json;
  }

  public String string(ConfigKey key) { return (String) values.get(key); }
  /** A {@link ConfigKey.Type#LIST} value: never null, possibly empty. */
  @SuppressWarnings("unchecked")
  public List<String> list(ConfigKey key) { return (List<String>) values.get(key); }
  public boolean bool(ConfigKey key) { return (Boolean) values.get(key); }
  public int integer(ConfigKey key) { return ((Number) values.get(key)).intValue(); }
  public long longValue(ConfigKey key) { return ((Number) values.get(key)).longValue(); }
  public double doubleValue(ConfigKey key) { return ((Number) values.get(key)).doubleValue(); }

  /** The configured count, or one per CPU core when it is 0. */
  public int eventLoops() {
    long configured = longValue(ConfigKey.SERVER_EVENT_LOOPS);
    return configured > 0 ? (int) Math.min(configured, 1024) : Runtime.getRuntime().availableProcessors();
  }

  public String httpHost() { return string(ConfigKey.HTTP_HOST); }
  public int httpPort() { return integer(ConfigKey.HTTP_PORT); }
  public long maxBodyBytes() { return longValue(ConfigKey.HTTP_MAX_BODY_BYTES); }
  public String pgUri() { return string(ConfigKey.PG_URI); }
  public boolean embedded() { return pgUri().isBlank(); }
  public int poolSize() { return integer(ConfigKey.PG_POOL_SIZE); }
  public String embeddedDataDir() { return string(ConfigKey.EMBEDDED_DATA_DIR); }
  public int workersConcurrency() { return integer(ConfigKey.WORKERS_CONCURRENCY); }
  public long liveIntervalMs() { return longValue(ConfigKey.DISPATCHER_LIVE_INTERVAL_MS); }
  public long laterIntervalMs() { return longValue(ConfigKey.DISPATCHER_LATER_INTERVAL_MS); }
  public int claimBatch() { return integer(ConfigKey.DISPATCHER_CLAIM_BATCH); }
  public long leaseMs() { return longValue(ConfigKey.DISPATCHER_LEASE_MS); }
  public long rescueIntervalMs() { return longValue(ConfigKey.DISPATCHER_RESCUE_INTERVAL_MS); }
  public long defaultTimeoutMs() { return longValue(ConfigKey.BLOCKS_DEFAULT_TIMEOUT_MS); }
  public long shutdownGraceMs() { return longValue(ConfigKey.SHUTDOWN_GRACE_MS); }
}
