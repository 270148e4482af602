package io.blockline.examples;

import io.blockline.client.BlockFailure;
import io.blockline.client.BlockHandlers;
import io.blockline.client.Blockline;
import io.blockline.client.BlocklineClient;
import io.blockline.client.SessionRef;
import io.blockline.session.ExecutionTime;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * How an application embeds Blockline: it serves two handlers on the event bus and submits a
 * three-block session with the Java client. "album.fetch" lists an album's images, "album.resize"
 * resizes one image per dataset item (here it only pretends), and a builtin echo reports.
 */
public class AlbumVerticle extends VerticleBase {
  private final Promise<JsonObject> finished = Promise.promise();

  @Override
  public Future<?> start() {
    var fetch = BlockHandlers.register(vertx, "album.fetch", ctx -> {
      ctx.activity("NOTICE", "listing album " + ctx.params().getInteger("album"));
      return Future.succeededFuture(new JsonObject().put("images", new JsonArray().add("a.jpg").add("b.jpg")));
    });
    var resize = BlockHandlers.register(vertx, "album.resize", ctx -> {
      JsonObject image = (JsonObject) ctx.item();
      if (image.getString("name").isBlank()) {
        throw new BlockFailure("BAD_IMAGE", "an image needs a name");
      }
      JsonArray listed = ctx.result("fetch").getJsonArray("images");
      return Future.succeededFuture(new JsonObject().put("resized", image.getString("name"))
          .put("of", listed.size()).put("width", ctx.params().getInteger("width")));
    });
    return Future.all(fetch.completion(), resize.completion()).compose(v -> submit());
  }

  private Future<SessionRef> submit() {
    BlocklineClient blockline = Blockline.client(vertx);
    var session = blockline.session("resize album 42").priority(70);
    session.block("album.fetch").id("fetch").params(new JsonObject().put("album", 42)).replayable();
    session.block("album.resize").id("resize").require("fetch")
        .params(new JsonObject().put("width", 640))
        .dataset(new JsonArray().add(new JsonObject().put("name", "a.jpg")).add(new JsonObject().put("name", "b.jpg")));
    session.builtin("echo").id("report").require("resize").params(new JsonObject().put("done", true));
    return session.submit(ExecutionTime.NOW).onSuccess(ref ->
        blockline.await(ref.token(), Duration.ofSeconds(30)).onComplete(finished));
  }

  /** The session view once the session rested. */
  public Future<JsonObject> finished() {
    return finished.future();
  }
}
