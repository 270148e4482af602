package io.blockline;

import io.blockline.config.BlocklineConfig;
import io.blockline.testsupport.Api;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/** The server's own embedded PostgreSQL: data kept across a restart, nothing left running after stop. */
class EmbeddedRestartTest {

  @Test
  void a_restart_on_the_same_data_directory_still_sees_the_session(@TempDir Path dir) throws Exception {
    JsonObject config = new JsonObject().put("http.port", 0).put("http.host", "127.0.0.1")
        .put("embedded.dataDir", dir.resolve("pg").toString());

    BlocklineServer first = start(config);
    String token;
    try {
      Api api = new Api(first.httpPort());
      token = api.submit(session(noop("a"))).getString("token");
      api.awaitStatus(token, "SUCCESS");
    } finally {
      first.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
    assertThat(dir.resolve("pg/postmaster.pid")).as("postgres stopped with the server").doesNotExist();

    BlocklineServer second = start(config);
    try {
      JsonObject view = new Api(second.httpPort()).session(token);
      assertThat(view.getString("status")).isEqualTo("SUCCESS");
    } finally {
      second.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
    assertThat(Files.exists(dir.resolve("pg/postmaster.pid"))).isFalse();
  }

  private static BlocklineServer start(JsonObject config) throws Exception {
    return BlocklineServer.start(BlocklineConfig.from(config)).toCompletionStage().toCompletableFuture()
        .get(120, TimeUnit.SECONDS);
  }
}
