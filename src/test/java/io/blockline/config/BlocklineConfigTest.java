package io.blockline.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class BlocklineConfigTest {

  private static ConfigException rejection(JsonObject json) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> BlocklineConfig.from(json));
    assertThat(e).as("expected %s to be rejected", json.encode()).isNotNull();
    return e;
  }

  // --- defaults and names ---------------------------------------------------------------------

  @Test
  void every_key_has_its_documented_default() {
    BlocklineConfig config = BlocklineConfig.defaults();
    assertThat(config.httpHost()).isEqualTo("0.0.0.0");
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.maxBodyBytes()).isEqualTo(1_048_576L);
    assertThat(config.pgUri()).isEmpty();
    assertThat(config.embedded()).isTrue();
    assertThat(config.poolSize()).isEqualTo(6);
    assertThat(config.longValue(ConfigKey.PG_CONNECT_MAX_BACKOFF_MS)).isEqualTo(30_000L);
    assertThat(config.embeddedDataDir()).isEqualTo("data/pg");
    assertThat(config.integer(ConfigKey.EMBEDDED_PORT)).isZero();
    assertThat(config.workersConcurrency()).isEqualTo(256);
    assertThat(config.liveIntervalMs()).isEqualTo(1_000L);
    assertThat(config.laterIntervalMs()).isEqualTo(600_000L);
    assertThat(config.claimBatch()).isEqualTo(256);
    assertThat(config.leaseMs()).isEqualTo(30_000L);
    assertThat(config.rescueIntervalMs()).isEqualTo(15_000L);
    assertThat(config.defaultTimeoutMs()).isEqualTo(300_000L);
    assertThat(config.longValue(ConfigKey.RETRY_INITIAL_DELAY_MS)).isEqualTo(6_000L);
    assertThat(config.doubleValue(ConfigKey.RETRY_MULTIPLIER)).isEqualTo(6.0);
    assertThat(config.longValue(ConfigKey.RETRY_MAX_DELAY_MS)).isEqualTo(46_656_000L);
    assertThat(config.bool(ConfigKey.HANDLERS_HTTP_ALLOW_PRIVATE)).isFalse();
    assertThat(config.string(ConfigKey.HANDLERS_HTTP_ALLOW_HOSTS)).isEmpty();
    assertThat(config.longValue(ConfigKey.DELIVERIES_MAX_AGE_MS)).isEqualTo(86_400_000L);
    assertThat(config.string(ConfigKey.DELIVERIES_SECRET)).isEmpty();
    assertThat(config.shutdownGraceMs()).isEqualTo(10_000L);
    assertThat(config.bool(ConfigKey.HANDLERS_COMMAND_ENABLED)).isFalse();
    assertThat(config.list(ConfigKey.HANDLERS_COMMAND_ALLOW)).isEmpty();
    assertThat(config.bool(ConfigKey.HANDLERS_COMMAND_ALLOW_SHELL)).isFalse();
    assertThat(config.string(ConfigKey.HANDLERS_COMMAND_WORK_DIR)).isEqualTo("data/commands");
    assertThat(config.integer(ConfigKey.HANDLERS_COMMAND_MAX_CONCURRENT)).isEqualTo(8);
    assertThat(config.list(ConfigKey.HANDLERS_COMMAND_ENV)).isEmpty();
    assertThat(config.longValue(ConfigKey.HANDLERS_COMMAND_MAX_OUTPUT_BYTES)).isEqualTo(64L * 1024 * 1024);
    assertThat(config.longValue(ConfigKey.HANDLERS_COMMAND_KILL_GRACE_MS)).isEqualTo(5_000L);
    assertThat(config.longValue(ConfigKey.HANDLERS_COMMAND_STALE_AFTER_MS)).isEqualTo(86_400_000L);
  }

  @Test
  void a_list_is_read_from_comma_separated_text_or_a_json_array_and_survives_with() {
    assertThat(BlocklineConfig.from(new JsonObject().put("handlers.command.allow", " sh, /usr/bin/ffmpeg ,,"))
        .list(ConfigKey.HANDLERS_COMMAND_ALLOW)).containsExactly("sh", "/usr/bin/ffmpeg");
    BlocklineConfig array = BlocklineConfig.from(new JsonObject().put("handlers", new JsonObject().put("command",
        new JsonObject().put("allow", new JsonArray().add("sh").add("tar")))));
    assertThat(array.list(ConfigKey.HANDLERS_COMMAND_ALLOW)).containsExactly("sh", "tar");
    assertThat(array.with(ConfigKey.HTTP_PORT, 0).list(ConfigKey.HANDLERS_COMMAND_ALLOW)).containsExactly("sh", "tar");
  }

  @Test
  void every_default_passes_its_own_validation() {
    for (ConfigKey key : ConfigKey.values()) {
      assertThat(ConfigValues.parse(key.type, key.defaultValue)).as(key.key).isEqualTo(key.defaultValue);
    }
  }

  @Test
  void environment_variable_names_split_camel_case_and_dots() {
    assertThat(ConfigKey.HTTP_HOST.envVar()).isEqualTo("BLOCKLINE_HTTP_HOST");
    assertThat(ConfigKey.HTTP_MAX_BODY_BYTES.envVar()).isEqualTo("BLOCKLINE_HTTP_MAX_BODY_BYTES");
    assertThat(ConfigKey.PG_URI.envVar()).isEqualTo("BLOCKLINE_PG_URI");
    assertThat(ConfigKey.PG_POOL_SIZE.envVar()).isEqualTo("BLOCKLINE_PG_POOL_SIZE");
    assertThat(ConfigKey.PG_CONNECT_MAX_BACKOFF_MS.envVar()).isEqualTo("BLOCKLINE_PG_CONNECT_MAX_BACKOFF_MS");
    assertThat(ConfigKey.EMBEDDED_DATA_DIR.envVar()).isEqualTo("BLOCKLINE_EMBEDDED_DATA_DIR");
    assertThat(ConfigKey.DISPATCHER_LIVE_INTERVAL_MS.envVar()).isEqualTo("BLOCKLINE_DISPATCHER_LIVE_INTERVAL_MS");
    assertThat(ConfigKey.BLOCKS_DEFAULT_TIMEOUT_MS.envVar()).isEqualTo("BLOCKLINE_BLOCKS_DEFAULT_TIMEOUT_MS");
    assertThat(ConfigKey.RETRY_MAX_DELAY_MS.envVar()).isEqualTo("BLOCKLINE_RETRY_MAX_DELAY_MS");
    assertThat(ConfigKey.SHUTDOWN_GRACE_MS.envVar()).isEqualTo("BLOCKLINE_SHUTDOWN_GRACE_MS");
    assertThat(ConfigKey.HANDLERS_HTTP_ALLOW_PRIVATE.envVar()).isEqualTo("BLOCKLINE_HANDLERS_HTTP_ALLOW_PRIVATE");
  }

  @Test
  void every_environment_variable_is_distinct_and_matches_the_enum_constant() {
    for (ConfigKey key : ConfigKey.values()) {
      assertThat(key.envVar()).as(key.key).isEqualTo("BLOCKLINE_" + key.name());
    }
    assertThat(Arrays.stream(ConfigKey.values()).map(ConfigKey::envVar)).doesNotHaveDuplicates();
  }

  @Test
  void system_properties_prefix_the_dotted_key() {
    assertThat(ConfigKey.HTTP_PORT.systemProperty()).isEqualTo("blockline.http.port");
    assertThat(ConfigKey.PG_POOL_SIZE.systemProperty()).isEqualTo("blockline.pg.poolSize");
  }

  // --- reading values -------------------------------------------------------------------------

  @Test
  void nested_and_flat_dotted_keys_are_both_read() {
    BlocklineConfig nested = BlocklineConfig.from(new JsonObject().put("http", new JsonObject().put("port", 9001)));
    BlocklineConfig flat = BlocklineConfig.from(new JsonObject().put("http.port", 9002));
    assertThat(nested.httpPort()).isEqualTo(9001);
    assertThat(flat.httpPort()).isEqualTo(9002);
  }

  @Test
  void numbers_given_as_strings_are_parsed_and_trimmed() {
    BlocklineConfig config = BlocklineConfig.from(new JsonObject()
        .put("http.port", " 9000 ").put("workers.concurrency", "4").put("http.maxBodyBytes", "2048")
        .put("shutdown.graceMs", "0").put("retry.multiplier", "2.5"));
    assertThat(config.httpPort()).isEqualTo(9000);
    assertThat(config.workersConcurrency()).isEqualTo(4);
    assertThat(config.maxBodyBytes()).isEqualTo(2048);
    assertThat(config.shutdownGraceMs()).isZero();
    assertThat(config.doubleValue(ConfigKey.RETRY_MULTIPLIER)).isEqualTo(2.5);
  }

  @Test
  void booleans_are_read_from_json_or_from_text_in_any_case() {
    assertThat(BlocklineConfig.from(new JsonObject().put("handlers.http.allowPrivate", true))
        .bool(ConfigKey.HANDLERS_HTTP_ALLOW_PRIVATE)).isTrue();
    assertThat(BlocklineConfig.from(new JsonObject().put("handlers.http.allowPrivate", " TRUE "))
        .bool(ConfigKey.HANDLERS_HTTP_ALLOW_PRIVATE)).isTrue();
    assertThat(BlocklineConfig.from(new JsonObject().put("handlers.http.allowPrivate", "False"))
        .bool(ConfigKey.HANDLERS_HTTP_ALLOW_PRIVATE)).isFalse();
  }

  @Test
  void the_edges_of_each_range_are_accepted() {
    BlocklineConfig config = BlocklineConfig.from(new JsonObject()
        .put("http.port", 0).put("embedded.port", 65_535).put("pg.poolSize", 1)
        .put("workers.concurrency", Integer.MAX_VALUE).put("dispatcher.leaseMs", 1)
        .put("shutdown.graceMs", 0));
    assertThat(config.httpPort()).isZero();
    assertThat(config.integer(ConfigKey.EMBEDDED_PORT)).isEqualTo(65_535);
    assertThat(config.poolSize()).isEqualTo(1);
    assertThat(config.workersConcurrency()).isEqualTo(Integer.MAX_VALUE);
    assertThat(config.leaseMs()).isEqualTo(1);
  }

  @Test
  void a_non_empty_pg_uri_turns_the_embedded_database_off() {
    BlocklineConfig config = BlocklineConfig.from(new JsonObject().put("pg", new JsonObject().put("uri",
        "postgresql://u:p@db:5432/blockline")));
    assertThat(config.embedded()).isFalse();
    assertThat(config.pgUri()).isEqualTo("postgresql://u:p@db:5432/blockline");
  }

  @Test
  void with_changes_one_key_and_validates_it() {
    BlocklineConfig config = BlocklineConfig.defaults().with(ConfigKey.HTTP_PORT, 0);
    assertThat(config.httpPort()).isZero();
    assertThat(config.workersConcurrency()).isEqualTo(256);
    assertThatThrownBy(() -> BlocklineConfig.defaults().with(ConfigKey.HTTP_PORT, 70_000))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.port=70000");
  }

  // --- bad values, every type -----------------------------------------------------------------

  static Stream<Arguments> bad_values() {
    return Stream.of(
        // LIST
        arguments("handlers.command.allow", new JsonArray().add("sh").add(1)), arguments("handlers.command.env", 7),
        // BOOLEAN
        arguments("handlers.http.allowPrivate", "yes"), arguments("handlers.http.allowPrivate", 1),
        arguments("handlers.http.allowPrivate", ""),
        // PORT
        arguments("http.port", -1), arguments("http.port", 65_536), arguments("http.port", "eighty"),
        arguments("http.port", 80.5), arguments("embedded.port", "70000"), arguments("http.port", true),
        // POSITIVE_INT
        arguments("pg.poolSize", 0), arguments("workers.concurrency", -3), arguments("dispatcher.claimBatch", "many"),
        arguments("workers.concurrency", 2_147_483_648L), arguments("pg.poolSize", "1.5"),
        // POSITIVE_LONG
        arguments("http.maxBodyBytes", 0), arguments("dispatcher.leaseMs", -1), arguments("blocks.defaultTimeoutMs", "5m"),
        arguments("retry.maxDelayMs", "99999999999999999999"), arguments("dispatcher.liveIntervalMs", ""),
        // NON_NEGATIVE_LONG
        arguments("shutdown.graceMs", -1), arguments("shutdown.graceMs", "soon"),
        // FACTOR (≥ 1: a shrinking back-off is no back-off)
        arguments("retry.multiplier", 0.5), arguments("retry.multiplier", 0), arguments("retry.multiplier", -2.0), arguments("retry.multiplier", "NaN"),
        arguments("retry.multiplier", "Infinity"), arguments("retry.multiplier", "six"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("bad_values")
  void a_bad_value_is_named_with_its_key_and_value(String key, Object value) {
    ConfigException e = rejection(new JsonObject().put(key, value));
    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0)).contains(key + "=" + value).contains("expected");
    assertThat(e.getMessage()).contains(key);
  }

  @Test
  void a_bad_value_in_a_nested_object_is_named_with_its_dotted_key() {
    ConfigException e = rejection(new JsonObject().put("dispatcher", new JsonObject().put("claimBatch", 0)));
    assertThat(e.problems()).singleElement().asString().contains("dispatcher.claimBatch=0");
  }

  @Test
  void a_string_key_given_an_object_or_an_array_is_rejected() {
    ConfigException e = rejection(new JsonObject()
        .put("pg.uri", new JsonObject().put("host", "db"))
        .put("http.host", new JsonArray().add("a").add("b")));
    assertThat(e.problems()).hasSize(2);
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("pg.uri="));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("http.host="));
  }

  @Test
  void every_bad_key_is_reported_at_once() {
    JsonObject json = new JsonObject()
        .put("http", new JsonObject().put("port", 99_999).put("maxBodyBytes", -1))
        .put("pg.poolSize", "zero")
        .put("workers.concurrency", 0)
        .put("shutdown.graceMs", -5)
        .put("retry.multiplier", "x")
        .put("embedded.port", 8080);
    ConfigException e = rejection(json);
    assertThat(e.problems()).hasSize(6);
    assertThat(String.join("\n", e.problems())).contains(
        "http.port=99999", "http.maxBodyBytes=-1", "pg.poolSize=zero", "workers.concurrency=0",
        "shutdown.graceMs=-5", "retry.multiplier=x");
    assertThat(e.getMessage()).isEqualTo(String.join("; ", e.problems()));
  }

  @Test
  void the_problems_cannot_be_changed_by_the_caller() {
    ConfigException e = rejection(new JsonObject().put("http.port", -1));
    List<String> problems = e.problems();
    assertThatThrownBy(() -> problems.add("x")).isInstanceOf(UnsupportedOperationException.class);
  }
}
