package io.blockline.process;

import io.blockline.api.ProblemException;
import io.blockline.store.CommandRunStore;
import io.blockline.store.CommandRunStore.OutputPlace;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.nio.file.Files;

/**
 * The read side of command output: the {@code output} of a command block's view (per stream its
 * size, truncated flag and last 4 KiB) and pages of a whole stream. Read from the latest run's
 * directory, on this node's disk; files are read on a worker thread.
 */
public final class CommandOutputs {
  private final Vertx vertx;
  private final Pool pool;

  public CommandOutputs(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** The block view with {@code output} added for a command block (null before its first process, or on another host's disk). */
  public Future<JsonObject> withOutput(JsonObject view) {
    JsonObject handler = view.getJsonObject("handler");
    if (handler == null || !"command".equals(handler.getString("type"))) {
      return Future.succeededFuture(view);
    }
    return CommandRunStore.outputOf(pool, view.getString("token")).compose(place -> place == null || place.runDir() == null
        ? Future.succeededFuture(view.putNull("output"))
        : vertx.executeBlocking(() -> {
          RunDirectory dir = RunDirectory.of(place.runDir());
          return view.put("output", Files.isDirectory(dir.path()) ? CommandOutput.summary(dir) : null);
        }, false));
  }

  /**
   * A page of the latest run's {@code stream} (see {@link CommandOutput#page}) plus {@code running}:
   * while false and {@code nextOffset} equals {@code bytes}, there is nothing more to read.
   */
  public Future<JsonObject> page(String token, String owner, String stream, long offset, int limit) {
    return CommandRunStore.outputOf(pool, token).compose(place -> {
      if (place == null || (owner != null && !owner.equals(place.owner()))) {
        return Future.failedFuture(ProblemException.notFound("block " + token));
      }
      if (!"command".equals(place.handlerType())) {
        return Future.failedFuture(ProblemException.notFound("command output of block " + token
            + " (it is a " + place.handlerType() + " block)"));
      }
      boolean running = "RUNNING".equals(place.blockStatus());
      if (place.runDir() == null) {
        return Future.succeededFuture(empty(stream, offset, running));
      }
      return vertx.executeBlocking(() -> read(place, stream, offset, limit), false).map(page -> page.put("running", running));
    });
  }

  private static JsonObject read(OutputPlace place, String stream, long offset, int limit) {
    RunDirectory dir = RunDirectory.of(place.runDir());
    if (!Files.isDirectory(dir.path())) {
      throw ProblemException.notFound("command output of this block on this node (it ran on host " + place.host() + ")");
    }
    return CommandOutput.page(dir, stream, offset, limit);
  }

  private static JsonObject empty(String stream, long offset, boolean running) {
    return new JsonObject().put("stream", stream).put("offset", offset).put("nextOffset", offset).put("bytes", 0)
        .put("truncated", false).put("data", "").put("running", running);
  }
}
