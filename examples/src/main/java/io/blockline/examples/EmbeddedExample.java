package io.blockline.examples;

import io.blockline.BlocklineServer;
import io.blockline.config.BlocklineConfig;
import io.vertx.core.json.JsonObject;

/**
 * Starts a Blockline node in this JVM (embedded PostgreSQL under data/example-pg), deploys
 * {@link AlbumVerticle} on its Vert.x instance, prints the finished session and stops.
 * Run: {@code mvn -q test-compile exec:java} is not needed; see README "Embedding Blockline".
 */
public final class EmbeddedExample {
  private EmbeddedExample() {
  }

  public static void main(String[] args) throws Exception {
    BlocklineConfig config = BlocklineConfig.from(new JsonObject()
        .put("http.port", 0).put("embedded.dataDir", "data/example-pg"));
    BlocklineServer server = BlocklineServer.start(config).toCompletionStage().toCompletableFuture().get();
    try {
      AlbumVerticle album = new AlbumVerticle();
      server.vertx().deployVerticle(album).toCompletionStage().toCompletableFuture().get();
      JsonObject view = album.finished().toCompletionStage().toCompletableFuture().get();
      System.out.println(view.encodePrettily());
    } finally {
      server.stop().toCompletionStage().toCompletableFuture().get();
    }
  }
}
