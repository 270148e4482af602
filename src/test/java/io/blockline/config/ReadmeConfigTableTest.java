package io.blockline.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's configuration table names every key with its environment variable. */
class ReadmeConfigTableTest {

  @Test
  void every_config_key_is_documented_with_its_environment_variable() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    for (ConfigKey key : ConfigKey.values()) {
      assertThat(readme).as("README row for " + key.key)
          .contains("| `" + key.key + "` | `" + key.envVar() + "` |");
    }
  }
}
