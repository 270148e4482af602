package io.blockline.handler;

import io.blockline.api.FieldErrors;
import io.blockline.api.JsonFields;
import io.blockline.config.BlocklineConfig;
import io.blockline.config.ConfigKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which command handlers a node accepts ({@code handlers.command.enabled}, {@code .allow},
 * {@code .allowShell}), and the one reading of a handler object's {@code argv} or {@code shell}:
 * checked at submit, so a refused command is a 400 naming the rule, and again just before a
 * process starts, on the node that starts it.
 *
 * @param allow executables (bare names) or absolute paths; {@code argv[0]} must equal one of them
 */
public record CommandPolicy(boolean enabled, List<String> allow, boolean allowShell) {
  /** More arguments than any sensible command line; beyond it a submit is refused. */
  public static final int MAX_ARGS = 4_096;
  /** What a {@code shell} command runs with. */
  public static final String SHELL = "/bin/sh";
  private static final Set<String> FIELDS = Set.of("type", "argv", "shell");

  public CommandPolicy {
    allow = List.copyOf(allow);
  }

  /** No command is accepted: the default of a node and of {@link HandlerKinds#standard()}. */
  public static CommandPolicy disabled() {
    return new CommandPolicy(false, List.of(), false);
  }

  public static CommandPolicy from(BlocklineConfig config) {
    return new CommandPolicy(config.bool(ConfigKey.HANDLERS_COMMAND_ENABLED), config.list(ConfigKey.HANDLERS_COMMAND_ALLOW),
        config.bool(ConfigKey.HANDLERS_COMMAND_ALLOW_SHELL));
  }

  /** Records every bad field of a {@code {"type":"command",…}} object; the rules only when commands are enabled. */
  public void validate(JsonFields f, FieldErrors errors) {
    f.rejectUnknown(FIELDS);
    if (!enabled) {
      errors.add(f.path("type"), "command handlers are disabled on this server (handlers.command.enabled is false)");
    }
    boolean hasArgv = f.has("argv");
    boolean hasShell = f.has("shell");
    if (hasArgv && hasShell) {
      errors.add(f.path("shell"), "give either argv or shell, not both");
    } else if (hasShell) {
      shell(f, errors);
    } else if (hasArgv) {
      argv(f, errors);
    } else {
      errors.add(f.path("argv"), "is required: the executable and its arguments, e.g. [\"ffmpeg\", \"-i\", \"in.mp4\"]");
    }
  }

  private void shell(JsonFields f, FieldErrors errors) {
    String shell = f.string("shell", null);
    if (shell == null) {
      return;
    }
    if (shell.isBlank()) {
      errors.add(f.path("shell"), "must not be blank");
    } else if (shell.indexOf('\0') >= 0) {
      errors.add(f.path("shell"), "must not contain NUL characters");
    } else if (enabled && !allowShell) {
      errors.add(f.path("shell"), "shell commands are not allowed on this server (handlers.command.allowShell is false); give argv");
    }
  }

  private void argv(JsonFields f, FieldErrors errors) {
    JsonArray argv = f.array("argv");
    if (argv == null) {
      return;
    }
    if (argv.isEmpty()) {
      errors.add(f.path("argv"), "must hold at least the executable");
      return;
    }
    if (argv.size() > MAX_ARGS) {
      errors.add(f.path("argv"), "holds " + argv.size() + " arguments; at most " + MAX_ARGS);
      return;
    }
    for (int i = 0; i < argv.size(); i++) {
      String field = f.path("argv[" + i + "]");
      if (!(argv.getValue(i) instanceof String arg)) {
        errors.add(field, "must be a string");
      } else if (arg.indexOf('\0') >= 0) {
        errors.add(field, "must not contain NUL characters");
      } else if (i == 0 && arg.isBlank()) {
        errors.add(field, "must name an executable");
      } else if (i == 0 && enabled && !allow.contains(arg)) {
        errors.add(field, arg + " is not an allowed executable (handlers.command.allow)");
      }
    }
  }

  /** Why this handler object may not run here, or null when it may (the submit's checks, again). */
  public String refusal(JsonObject handler) {
    FieldErrors errors = new FieldErrors();
    validate(new JsonFields(handler, "handler", errors), errors);
    return errors.summary();
  }

  /** The command line to execute: {@code argv} as given, or {@code /bin/sh -c shell}. Assumes {@link #refusal} is null. */
  public static List<String> commandLine(JsonObject handler) {
    if (handler.getValue("shell") instanceof String shell) {
      return List.of(SHELL, "-c", shell);
    }
    List<String> argv = new ArrayList<>();
    handler.getJsonArray("argv").forEach(arg -> argv.add((String) arg));
    return argv;
  }
}
