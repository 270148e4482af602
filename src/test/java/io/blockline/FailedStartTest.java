package io.blockline;

import io.blockline.config.BlocklineConfig;
import io.blockline.db.DatabaseTarget;
import io.blockline.testsupport.TestDatabase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A start-up that cannot finish (here: a migration fails) reports why, promptly, instead of hanging. */
class FailedStartTest {

  @Test
  void a_failing_migration_fails_the_start_with_its_reason() {
    DatabaseTarget target = TestDatabase.fresh();
    // The schema history no longer matches the migrations this build carries.
    TestDatabase.execute(target, "UPDATE flyway_schema_history SET checksum = 1 WHERE version = '1'");
    JsonObject config = new JsonObject().put("http.host", "127.0.0.1").put("http.port", 0).put("pg.uri", target.uri());

    assertThatThrownBy(() -> BlocklineServer.start(BlocklineConfig.from(config))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS))
        .hasStackTraceContaining("checksum mismatch");
  }
}
