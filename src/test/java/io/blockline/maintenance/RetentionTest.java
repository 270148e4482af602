package io.blockline.maintenance;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static io.blockline.testsupport.Sessions.fail;
import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static io.blockline.testsupport.Sessions.sleep;
import static org.assertj.core.api.Assertions.assertThat;

/** Finished sessions are pruned after their retention, success and failure separately; nothing unfinished is. */
class RetentionTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass(new JsonObject()
        .put("retention.successMs", 300)
        .put("retention.failureMs", 3_600_000)
        .put("retention.intervalMs", 100));
  static final Api api = node.api();

  @Test
  void a_finished_success_is_pruned_while_failures_and_unfinished_sessions_stay() {
    String success = api.submit(session(noop("a"))).getString("token");
    String failure = api.submit(session(fail("a", null))).getString("token");
    String unfinished = api.submit(session(sleep("a", 60_000))).getString("token");
    String waiting = api.submit(session(noop("a")).put("executionTime", "ON_REQUEST")).getString("token");
    api.awaitStatus(failure, "ERROR");

    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (api.get("/v1/sessions/" + success).status() != 404) {
      assertThat(System.nanoTime()).as("the SUCCESS session is pruned").isLessThan(deadline);
      Api.sleep(50);
    }
    assertThat(node.queryOne("select count(*) from blocks b where not exists (select 1 from sessions s where s.id = b.session_id)"))
        .as("blocks left without their session").isEqualTo("0");
    assertThat(node.queryOne("select count(*) from runs r where not exists (select 1 from blocks b where b.id = r.block_id)"))
        .as("runs left without their block").isEqualTo("0");
    assertThat(api.get("/v1/sessions/" + failure).status()).as("failure retention is longer").isEqualTo(200);
    assertThat(api.get("/v1/sessions/" + unfinished).json().getString("status")).isEqualTo("RUNNING");
    assertThat(api.get("/v1/sessions/" + waiting).json().getString("status")).isEqualTo("STANDBY");
    api.post("/v1/sessions/" + unfinished + "/cancel", null);
  }
}
