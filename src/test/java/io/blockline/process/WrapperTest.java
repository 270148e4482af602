package io.blockline.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The wrapper under real processes: nothing starts without the node's go; arguments reach the command untouched. */
class WrapperTest {
  private final ProcessLauncher launcher = new ProcessLauncher(Map.of("PATH", CommandEnvironment.DEFAULT_PATH), 1_000);
  @TempDir
  Path temp;

  @Test
  void a_wrapper_whose_node_went_away_before_its_go_never_starts_the_command() throws Exception {
    RunDirectory dir = new RunDirectory(temp.resolve("run"));
    Path ran = temp.resolve("ran");
    ProcessLauncher.Launched launched = launcher.launch(dir, List.of("sh", "-c", "touch " + ran));

    launched.abandon();

    assertThat(launched.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(launched.process().exitValue()).isEqualTo(Wrapper.NOT_STARTED);
    assertThat(ran).doesNotExist();
    assertThat(ExitMarker.read(dir)).isNull();
  }

  @Test
  void after_go_the_command_gets_its_arguments_verbatim_in_its_own_session_and_the_marker_follows() throws Exception {
    RunDirectory dir = new RunDirectory(temp.resolve("run"));
    ProcessLauncher.Launched launched = launcher.launch(dir,
        List.of("sh", "-c", "printf '%s|' \"$@\"; ps -o sid= -p $$", "name", "a b", "$(id)", "*", "'quoted'"));

    launched.go();

    assertThat(launched.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ExitMarker.read(dir).exitCode()).isZero();
    List<String> out = Files.readAllLines(dir.stream(RunDirectory.STDOUT));
    assertThat(out.get(0)).isEqualTo("a b|$(id)|*|'quoted'|" + out.get(0).substring(out.get(0).lastIndexOf('|') + 1));
    assertThat(out.get(0).substring(out.get(0).lastIndexOf('|') + 1).trim())
        .as("the command's session is the wrapper's").isEqualTo(Integer.toString(launched.pid()));
    assertThat(launched.pid()).isNotEqualTo(ProcessHandle.current().pid());
  }

  @Test
  void output_past_the_cap_is_dropped_without_stopping_the_command_and_the_stream_is_flagged() throws Exception {
    RunDirectory dir = new RunDirectory(temp.resolve("run"));
    ProcessLauncher.Launched launched = launcher.launch(dir,
        List.of("sh", "-c", "i=0; while [ $i -lt 500 ]; do echo 0123456789; i=$((i+1)); done; echo fine >&2"));

    launched.go();

    assertThat(launched.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ExitMarker.read(dir).exitCode()).as("not killed by a closed pipe").isZero();
    assertThat(Files.size(dir.stream(RunDirectory.STDOUT))).isEqualTo(1_000);
    assertThat(dir.truncatedFlag(RunDirectory.STDOUT)).exists();
    assertThat(dir.stream(RunDirectory.STDERR)).hasContent("fine");
    assertThat(dir.truncatedFlag(RunDirectory.STDERR)).doesNotExist();
  }
}
