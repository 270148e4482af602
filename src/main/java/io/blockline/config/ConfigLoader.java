package io.blockline.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads the layered configuration with Vert.x Config, lowest layer first:
 * {@code conf/blockline.json} → the {@code --config} / {@code BLOCKLINE_CONFIG} file →
 * {@code BLOCKLINE_*} environment variables → {@code -Dblockline.*} system properties.
 * Each layer is read by its own store and flattened to dotted keys before merging, so a later
 * layer always wins whatever nesting each file uses.
 */
public final class ConfigLoader {
  public static final String DEFAULT_FILE = "conf/blockline.json";

  private final Vertx vertx;
  private final Map<String, String> env;
  private final Map<Object, Object> systemProperties;

  public ConfigLoader(Vertx vertx) {
    this(vertx, System.getenv(), System.getProperties());
  }

  public ConfigLoader(Vertx vertx, Map<String, String> env, Map<Object, Object> systemProperties) {
    this.vertx = vertx;
    this.env = env;
    this.systemProperties = systemProperties;
  }

  /** @param explicitFile the {@code --config} argument, or null to use {@code BLOCKLINE_CONFIG} if set. */
  public Future<BlocklineConfig> load(String explicitFile) {
    String file = explicitFile != null ? explicitFile : env.get("BLOCKLINE_CONFIG");
    if (file != null && !file.isBlank() && !Files.isRegularFile(Path.of(file))) {
      return Future.failedFuture(new ConfigException(List.of("configuration file " + file + " does not exist")));
    }
    List<ConfigStoreOptions> layers = new ArrayList<>();
    layers.add(fileStore(DEFAULT_FILE, true));
    if (file != null && !file.isBlank()) {
      layers.add(fileStore(file, false));
    }
    layers.add(jsonStore(fromEnvironment()));
    layers.add(jsonStore(fromSystemProperties()));
    return mergeInOrder(layers).compose(merged -> {
      try {
        return Future.succeededFuture(BlocklineConfig.from(merged));
      } catch (ConfigException e) {
        return Future.failedFuture(e);
      }
    });
  }

  private Future<JsonObject> mergeInOrder(List<ConfigStoreOptions> layers) {
    Future<JsonObject> merged = Future.succeededFuture(new JsonObject());
    for (ConfigStoreOptions layer : layers) {
      merged = merged.compose(acc -> read(layer).map(json -> {
        flatten("", json, acc);
        return acc;
      }));
    }
    return merged;
  }

  private Future<JsonObject> read(ConfigStoreOptions store) {
    ConfigRetriever retriever = ConfigRetriever.create(vertx,
        new ConfigRetrieverOptions().setIncludeDefaultStores(false).setScanPeriod(-1).addStore(store));
    return retriever.getConfig()
        .recover(e -> Future.failedFuture(new ConfigException(List.of(
            "cannot read configuration " + store.getConfig().getString("path", store.getType()) + ": " + e.getMessage()))))
        .eventually(retriever::close);
  }

  private static void flatten(String prefix, JsonObject json, JsonObject into) {
    for (Map.Entry<String, Object> e : json) {
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (e.getValue() instanceof JsonObject nested) {
        flatten(key, nested, into);
      } else {
        into.put(key, e.getValue());
      }
    }
  }

  private JsonObject fromEnvironment() {
    JsonObject json = new JsonObject();
    for (ConfigKey key : ConfigKey.values()) {
      String value = env.get(key.envVar());
      if (value != null) {
        json.put(key.key, value);
      }
    }
    return json;
  }

  private JsonObject fromSystemProperties() {
    JsonObject json = new JsonObject();
    for (ConfigKey key : ConfigKey.values()) {
      Object value = systemProperties.get(key.systemProperty());
      if (value != null) {
        json.put(key.key, value.toString());
      }
    }
    return json;
  }

  private static ConfigStoreOptions fileStore(String path, boolean optional) {
    return new ConfigStoreOptions().setType("file").setFormat("json").setOptional(optional)
        .setConfig(new JsonObject().put("path", path));
  }

  private static ConfigStoreOptions jsonStore(JsonObject json) {
    return new ConfigStoreOptions().setType("json").setConfig(json);
  }
}
