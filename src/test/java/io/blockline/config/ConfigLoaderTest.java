package io.blockline.config;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close();
  }

  private BlocklineConfig load(String file, Map<String, String> env, Properties props) throws Exception {
    return new ConfigLoader(vertx, env, props).load(file).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void defaults_apply_when_nothing_is_set() throws Exception {
    BlocklineConfig config = load(null, Map.of(), new Properties());
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.workersConcurrency()).isEqualTo(256);
    assertThat(config.maxBodyBytes()).isEqualTo(1_048_576L);
    assertThat(config.embedded()).isTrue();
    assertThat(config.embeddedDataDir()).isEqualTo("data/pg");
  }

  /** conf/blockline.json is the lowest layer: a value there that left ConfigKey's default would change every node started here. */
  @Test
  void the_shipped_config_file_holds_the_defaults() throws Exception {
    BlocklineConfig shipped = load(ConfigLoader.DEFAULT_FILE, Map.of(), new Properties());
    assertThat(shipped.toJson()).isEqualTo(BlocklineConfig.defaults().toJson());
  }

  @Test
  void layers_override_in_order_file_then_environment_then_system_properties(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("custom.json");
    Files.writeString(file, "{\"http\":{\"port\":9001},\"workers\":{\"concurrency\":3},\"shutdown.graceMs\":5}");
    Properties props = new Properties();
    props.setProperty("blockline.workers.concurrency", "7");
    BlocklineConfig config = load(file.toString(), Map.of("BLOCKLINE_HTTP_PORT", "9002", "BLOCKLINE_WORKERS_CONCURRENCY", "5"), props);
    assertThat(config.httpPort()).isEqualTo(9002);
    assertThat(config.workersConcurrency()).isEqualTo(7);
    assertThat(config.shutdownGraceMs()).isEqualTo(5);
  }

  @Test
  void the_config_file_may_come_from_BLOCKLINE_CONFIG(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.json");
    Files.writeString(file, "{\"http\":{\"maxBodyBytes\":2048}}");
    BlocklineConfig config = load(null, Map.of("BLOCKLINE_CONFIG", file.toString()), new Properties());
    assertThat(config.maxBodyBytes()).isEqualTo(2048);
  }

  @Test
  void a_bad_value_names_the_key_and_the_value() {
    assertThatThrownBy(() -> load(null, Map.of("BLOCKLINE_HTTP_PORT", "eighty", "BLOCKLINE_WORKERS_CONCURRENCY", "-2"),
        new Properties()))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
            "invalid configuration http.port=eighty: expected a whole number",
            "invalid configuration workers.concurrency=-2: expected a whole number ≥ 1"));
  }

  @Test
  void a_missing_config_file_is_an_error() {
    assertThatThrownBy(() -> load("/nonexistent/blockline.json", Map.of(), new Properties()))
        .hasCauseInstanceOf(ConfigException.class)
        .hasMessageContaining("/nonexistent/blockline.json");
  }

  @Test
  void environment_names_follow_the_keys() {
    assertThat(ConfigKey.HTTP_MAX_BODY_BYTES.envVar()).isEqualTo("BLOCKLINE_HTTP_MAX_BODY_BYTES");
    assertThat(ConfigKey.PG_URI.envVar()).isEqualTo("BLOCKLINE_PG_URI");
    assertThat(ConfigKey.DISPATCHER_LIVE_INTERVAL_MS.envVar()).isEqualTo("BLOCKLINE_DISPATCHER_LIVE_INTERVAL_MS");
  }
}
