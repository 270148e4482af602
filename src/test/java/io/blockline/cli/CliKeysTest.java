package io.blockline.cli;

import io.blockline.testsupport.CliRun;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code blockline keys …} and {@code --key} against a node with auth.enabled. */
class CliKeysTest {
  private static final Path KEY_FILE = tempDir().resolve("admin.key");

  @RegisterExtension
  static final TestServer node = TestServer.perClass(new JsonObject()
      .put("auth.enabled", true).put("auth.cacheMs", 100).put("auth.adminKeyFile", KEY_FILE.toString()));

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("blockline-cli-keys");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void an_admin_creates_lists_and_revokes_keys_and_the_key_works_for_its_owner() throws Exception {
    String admin = Files.readString(KEY_FILE).trim();
    CliRun created = CliRun.against(node.api(), "keys", "create", "--owner", "alice", "--scopes", "submit,read",
        "--name", "ci", "--key", admin);
    assertThat(created.exitCode()).as(created.toString()).isZero();
    String key = created.out().lines().findFirst().orElseThrow();
    assertThat(key).matches("blk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}");
    assertThat(created.out()).contains("owner alice").contains("not shown again");

    CliRun listed = CliRun.against(node.api(), "keys", "list", "--owner", "alice", "--key", admin);
    assertThat(listed.exitCode()).isZero();
    assertThat(listed.out()).contains(key.substring(4, 12)).contains("read,submit").doesNotContain(key.substring(13));

    assertThat(CliRun.against(node.api(), "sessions", "list", "--key", key).exitCode()).isZero();
    CliRun without = CliRun.against(node.api(), "sessions", "list");
    assertThat(without.exitCode()).isEqualTo(CliFailure.FAILED);
    assertThat(without.err()).contains("API key is required");
    CliRun notAdmin = CliRun.against(node.api(), "keys", "list", "--key", key);
    assertThat(notAdmin.exitCode()).isEqualTo(CliFailure.FAILED);
    assertThat(notAdmin.err()).contains("lacks the admin scope");

    CliRun revoked = CliRun.against(node.api(), "keys", "revoke", key.substring(4, 12), "--key", admin);
    assertThat(revoked.exitCode()).as(revoked.toString()).isZero();
    assertThat(revoked.out()).contains("revoked");
    assertThat(CliRun.against(node.api(), "keys", "revoke", "nothex!!", "--key", admin).exitCode()).isEqualTo(CliFailure.USAGE);
  }
}
