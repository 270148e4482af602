package io.blockline.process;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static io.blockline.testsupport.Commands.awaitNoProcessInGroup;
import static io.blockline.testsupport.Commands.awaitProcess;
import static io.blockline.testsupport.Commands.command;
import static io.blockline.testsupport.Commands.enabled;
import static io.blockline.testsupport.Commands.liveMembers;
import static io.blockline.testsupport.Sessions.fastRetry;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/** A watched command process that runs past handlers.command.staleAfterMs (24 h) is killed, and not retried. */
class StaleCommandTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClassWithMovableClock(enabled("sleep"));
  static final Api api = node.api();

  @Test
  void a_command_running_longer_than_stale_after_ms_is_killed_as_stale() {
    JsonObject block = command("forever", "sleep", "600").put("timeoutMs", Duration.ofHours(48).toMillis())
        .put("retry", fastRetry(3));
    JsonObject receipt = api.submit(session(block));
    int group = awaitProcess(node, receipt.getJsonArray("blocks").getJsonObject(0).getString("token"));

    node.clock().advance(Duration.ofHours(25));
    JsonObject forever = Api.blockOf(api.awaitStatus(receipt.getString("token"), "ERROR"), "forever");

    assertThat(liveMembers(group)).isEmpty();
    assertThat(forever.getString("status")).isEqualTo("ERROR");
    assertThat(forever.getInteger("attempts")).as("a stale command is not run again").isEqualTo(1);
    assertThat(forever.getJsonObject("error").getString("code")).isEqualTo("STALE");
    assertThat(forever.getJsonObject("error").getString("message"))
        .isEqualTo("process ran longer than handlers.command.staleAfterMs (86400000 ms) and was killed as stale");
    awaitNoProcessInGroup(group);
  }
}
