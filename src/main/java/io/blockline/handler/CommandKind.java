package io.blockline.handler;

import io.blockline.api.FieldErrors;
import io.blockline.api.JsonFields;
import io.vertx.core.Future;

import java.util.Set;

/**
 * The {@code command} kind: {@code {"type":"command","command":"…","workdir":"…","env":{…}}}.
 * Refused at submit unless the registry enables it. Executing commands is not implemented yet:
 * an accepted command block fails every run with {@code UNSUPPORTED_HANDLER}, never retried.
 */
public final class CommandKind implements HandlerKind {
  private final boolean enabled;

  public CommandKind(boolean enabled) {
    this.enabled = enabled;
  }

  @Override
  public String type() {
    return "command";
  }

  @Override
  public void validate(JsonFields f, FieldErrors errors) {
    f.rejectUnknown(Set.of("type", "command", "workdir", "env"));
    if (!enabled) {
      errors.add(f.path("type"), "command handlers are disabled on this server");
    }
    String command = f.string("command", null);
    if (command == null || command.isBlank()) {
      errors.add(f.path("command"), "is required for a command handler");
    }
    f.string("workdir", null);
    f.object("env");
  }

  @Override
  public BlockHandler handler(HandlerServices services) {
    return ctx -> Future.failedFuture(new HandlerFailure("UNSUPPORTED_HANDLER",
        "command handlers are not implemented yet", null, false));
  }
}
