package io.blockline.db;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedSettingsTest {

  @Test
  void name_value_entries_are_kept_in_order() {
    assertThat(EmbeddedSettings.parse(List.of("shared_buffers=512MB", "auto_explain.log_min_duration = 50",
        "shared_preload_libraries=pg_stat_statements,auto_explain")))
        .containsExactly(Map.entry("shared_buffers", "512MB"), Map.entry("auto_explain.log_min_duration", "50"),
            Map.entry("shared_preload_libraries", "pg_stat_statements,auto_explain"));
  }

  @Test
  void durability_cannot_be_turned_off() {
    assertThatThrownBy(() -> EmbeddedSettings.parse(List.of("fsync=off")))
        .hasMessageContaining("may not change fsync");
    assertThatThrownBy(() -> EmbeddedSettings.parse(List.of("Synchronous_Commit=off")))
        .hasMessageContaining("may not change synchronous_commit");
  }

  @Test
  void what_the_server_sets_itself_is_refused() {
    assertThatThrownBy(() -> EmbeddedSettings.parse(List.of("port=5433")))
        .hasMessageContaining("may not change port");
  }

  @Test
  void malformed_entries_are_named() {
    assertThatThrownBy(() -> EmbeddedSettings.parse(List.of("shared_buffers")))
        .hasMessageContaining("'shared_buffers' is not name=value");
    assertThatThrownBy(() -> EmbeddedSettings.parse(List.of("work mem=4MB")))
        .hasMessageContaining("is not a setting name");
    assertThatThrownBy(() -> EmbeddedSettings.parse(List.of("application_name=it's")))
        .hasMessageContaining("without quotes");
  }
}
