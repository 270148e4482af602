package io.blockline.handler;

import io.blockline.api.FieldErrors;
import io.blockline.api.JsonFields;
import io.blockline.api.ProblemException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The rules of handlers.command.*: what a command handler object may say, each refusal on its field. */
class CommandPolicyTest {
  private static final CommandPolicy ARGV_ONLY = new CommandPolicy(true, List.of("ffmpeg", "/usr/bin/convert"), false);
  private static final CommandPolicy WITH_SHELL = new CommandPolicy(true, List.of(), true);

  @Test
  void argv_0_must_equal_an_allowed_name_or_path() {
    assertThat(errors(ARGV_ONLY, argv("ffmpeg", "-i", "in.mp4"))).isEmpty();
    assertThat(errors(ARGV_ONLY, argv("/usr/bin/convert", "a.png", "b.jpg"))).isEmpty();
    assertThat(errors(ARGV_ONLY, argv("/usr/bin/ffmpeg"))).containsExactly(
        error("h.argv[0]", "/usr/bin/ffmpeg is not an allowed executable (handlers.command.allow)"));
    assertThat(errors(ARGV_ONLY, argv("convert"))).hasSize(1);
  }

  @Test
  void a_shell_string_needs_allow_shell_and_then_runs_whatever_the_allow_list() {
    JsonObject shell = new JsonObject().put("type", "command").put("shell", "ls | wc -l");

    assertThat(errors(ARGV_ONLY, shell)).containsExactly(error("h.shell",
        "shell commands are not allowed on this server (handlers.command.allowShell is false); give argv"));
    assertThat(errors(WITH_SHELL, shell)).isEmpty();
    assertThat(CommandPolicy.commandLine(shell)).containsExactly("/bin/sh", "-c", "ls | wc -l");
  }

  @Test
  void argv_and_shell_exclude_each_other_and_one_is_required() {
    assertThat(errors(WITH_SHELL, argv("ls").put("shell", "ls"))).containsExactly(
        error("h.shell", "give either argv or shell, not both"));
    assertThat(errors(WITH_SHELL, new JsonObject().put("type", "command"))).extracting(e -> e.getString("field"))
        .containsExactly("h.argv");
    assertThat(errors(WITH_SHELL, new JsonObject().put("type", "command").put("shell", " ")))
        .containsExactly(error("h.shell", "must not be blank"));
  }

  @Test
  void a_disabled_policy_names_its_key_and_still_checks_the_shape() {
    assertThat(errors(CommandPolicy.disabled(), argv("anything"))).containsExactly(
        error("h.type", "command handlers are disabled on this server (handlers.command.enabled is false)"));
    assertThat(errors(CommandPolicy.disabled(), new JsonObject().put("type", "command").put("argv", new JsonArray())))
        .extracting(e -> e.getString("field")).containsExactly("h.type", "h.argv");
  }

  @Test
  void unknown_fields_are_refused() {
    assertThat(errors(ARGV_ONLY, argv("ffmpeg").put("command", "ffmpeg"))).containsExactly(error("h.command", "unknown field"));
  }

  @Test
  void a_refusal_before_a_run_gives_the_same_reasons_in_one_line() {
    assertThat(ARGV_ONLY.refusal(argv("ffmpeg"))).isNull();
    assertThat(ARGV_ONLY.refusal(argv("rm"))).isEqualTo("handler.argv[0]: rm is not an allowed executable (handlers.command.allow)");
  }

  private static JsonObject argv(String... argv) {
    return new JsonObject().put("type", "command").put("argv", new JsonArray(List.of((Object[]) argv)));
  }

  private static JsonObject error(String field, String message) {
    return new JsonObject().put("field", field).put("message", message);
  }

  private static List<JsonObject> errors(CommandPolicy policy, JsonObject handler) {
    FieldErrors errors = new FieldErrors();
    policy.validate(new JsonFields(handler, "h", errors), errors);
    ProblemException e = catchThrowableOfType(ProblemException.class, errors::throwIfAny);
    return e == null ? List.of() : e.errors().stream().map(o -> (JsonObject) o).toList();
  }
}
