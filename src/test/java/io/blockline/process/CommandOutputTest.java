package io.blockline.process;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Tails and pages of captured output are cut at UTF-8 character boundaries, never inside one. */
class CommandOutputTest {
  @TempDir
  Path temp;

  private RunDirectory dir(String stdout) throws IOException {
    RunDirectory dir = new RunDirectory(temp);
    dir.create();
    Files.write(dir.stream(RunDirectory.STDOUT), stdout.getBytes(StandardCharsets.UTF_8));
    return dir;
  }

  @Test
  void a_tail_that_would_start_inside_a_character_starts_after_it() throws IOException {
    // "é" is 2 bytes: of 1 + 2 × 2048 + 1 bytes, the last 4096 start with the second byte of the first "é".
    String text = "x" + "é".repeat(2048) + "y";

    String tail = CommandOutput.tail(dir(text), RunDirectory.STDOUT);

    assertThat(tail.length()).isEqualTo(2048);
    assertThat(tail).isEqualTo("é".repeat(2047) + "y");
  }

  @Test
  void a_short_stream_is_its_own_tail() throws IOException {
    assertThat(CommandOutput.tail(dir("hi\n"), RunDirectory.STDOUT)).isEqualTo("hi\n");
  }

  @Test
  void pages_end_before_a_character_that_does_not_fit_and_join_up_to_the_whole_text() throws IOException {
    String text = "a€b€c€";   // € is 3 bytes
    RunDirectory dir = dir(text);

    JsonObject first = CommandOutput.page(dir, RunDirectory.STDOUT, 0, 3);
    JsonObject second = CommandOutput.page(dir, RunDirectory.STDOUT, first.getLong("nextOffset"), 5);
    JsonObject third = CommandOutput.page(dir, RunDirectory.STDOUT, second.getLong("nextOffset"), 100);

    assertThat(first.getString("data")).isEqualTo("a");
    assertThat(first.getLong("nextOffset")).isEqualTo(1);
    assertThat(second.getString("data")).isEqualTo("€b");
    assertThat(third.getString("data")).isEqualTo("€c€");
    assertThat(third.getLong("nextOffset")).isEqualTo(third.getLong("bytes")).isEqualTo(12L);
    assertThat(third.getBoolean("truncated")).isFalse();
  }

  @Test
  void a_page_smaller_than_a_character_still_moves_on() throws IOException {
    JsonObject page = CommandOutput.page(dir("€x"), RunDirectory.STDOUT, 0, 2);

    assertThat(page.getLong("nextOffset")).isEqualTo(2);
  }

  @Test
  void a_page_past_the_end_is_empty() throws IOException {
    JsonObject page = CommandOutput.page(dir("abc"), RunDirectory.STDOUT, 10, 100);

    assertThat(page.getString("data")).isEmpty();
    assertThat(page.getLong("nextOffset")).isEqualTo(10);
  }

  @Test
  void details_carry_the_exit_code_and_both_tails() throws IOException {
    RunDirectory dir = dir("out\n");
    Files.writeString(dir.stream(RunDirectory.STDERR), "err\n");

    assertThat(CommandOutput.details(dir, 3)).isEqualTo(new JsonObject()
        .put("exitCode", 3).put("stdoutTail", "out\n").put("stderrTail", "err\n"));
    assertThat(CommandOutput.details(dir, null).containsKey("exitCode")).isFalse();
  }

  @Test
  void an_exit_marker_is_a_status_and_a_time() {
    assertThat(ExitMarker.parse("3 1700000000123\n")).isEqualTo(new ExitMarker(3, 1_700_000_000_123L));
  }
}
