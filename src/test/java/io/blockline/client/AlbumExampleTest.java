package io.blockline.client;

import io.blockline.examples.AlbumVerticle;
import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's embedding example runs as written: handlers, fluent client, results by id, activity. */
class AlbumExampleTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass();

  @Test
  void the_album_example_runs_to_success_with_results_passed_by_id() throws Exception {
    AlbumVerticle album = new AlbumVerticle();
    node.server().vertx().deployVerticle(album).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    JsonObject view = album.finished().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

    assertThat(view.getString("status")).isEqualTo("SUCCESS");
    assertThat(view.getInteger("priority")).isEqualTo(70);
    JsonObject resize = Api.blockOf(view, "resize");
    JsonArray items = resize.getJsonObject("result").getJsonArray("items");
    assertThat(items).hasSize(2);
    assertThat(items.getJsonObject(0).getString("resized")).isEqualTo("a.jpg");
    assertThat(items.getJsonObject(0).getInteger("of")).as("the fetch result reached resize by id").isEqualTo(2);
    assertThat(items.getJsonObject(1).getInteger("width")).isEqualTo(640);
    assertThat(Api.blockOf(view, "report").getJsonObject("result").getBoolean("done")).isTrue();

    // Activity lines are stored in their own batches; wait for the line rather than for time.
    String fetchToken = Api.blockOf(view, "fetch").getString("token");
    JsonObject fetch = node.api().block(fetchToken);
    for (int i = 0; i < 100 && !fetch.encode().contains("listing album 42"); i++) {
      Api.sleep(20);
      fetch = node.api().block(fetchToken);
    }
    assertThat(fetch.getJsonArray("activity").stream().map(l -> ((JsonObject) l).getString("line")))
        .contains("listing album 42");
  }
}
