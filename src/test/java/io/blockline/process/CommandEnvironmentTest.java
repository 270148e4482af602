package io.blockline.process;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CommandEnvironmentTest {

  @Test
  void only_the_named_variables_of_the_server_and_a_plain_path_make_a_commands_environment() {
    Map<String, String> server = Map.of("HOME", "/home/b", "SECRET", "x", "PATH", "/opt/bin");

    assertThat(CommandEnvironment.of(List.of("HOME", "MISSING"), server))
        .containsExactly(Map.entry("HOME", "/home/b"), Map.entry("PATH", CommandEnvironment.DEFAULT_PATH));
    assertThat(CommandEnvironment.of(List.of("PATH"), server)).containsExactly(Map.entry("PATH", "/opt/bin"));
  }
}
