package io.blockline.handler;

import io.blockline.api.FieldErrors;
import io.blockline.api.JsonFields;
import io.vertx.core.Future;

/**
 * The {@code command} kind: {@code {"type":"command","argv":["ffmpeg","-i","in.mp4","out.webm"]}}
 * or {@code {"type":"command","shell":"…"}}, accepted as its {@link CommandPolicy} says (the
 * node's {@code handlers.command.*} configuration) and run by the node's command runner
 * ({@link HandlerServices#commands()}), one operating-system process per run.
 */
public final class CommandKind implements HandlerKind {
  private final CommandPolicy policy;

  public CommandKind(CommandPolicy policy) {
    this.policy = policy;
  }

  public CommandPolicy policy() {
    return policy;
  }

  @Override
  public String type() {
    return "command";
  }

  @Override
  public void validate(JsonFields f, FieldErrors errors) {
    policy.validate(f, errors);
  }

  /** A command reads neither earlier results nor items: one process, started from its argv. */
  @Override
  public boolean receivesResults() {
    return false;
  }

  @Override
  public boolean claimedInRanges() {
    return false;  // its process is recorded against the block's running row (command_runs)
  }

  @Override
  public boolean takesDataset() {
    return false;
  }

  @Override
  public BlockHandler handler(HandlerServices services) {
    BlockHandler commands = services.commands();
    return commands != null ? commands : ctx -> Future.failedFuture(new HandlerFailure("COMMAND_REFUSED",
        "this node runs no command handlers", null, false));
  }
}
