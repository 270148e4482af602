package io.blockline.maintenance;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestDatabase;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.UUID;

import static io.blockline.testsupport.Sessions.noop;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fence of a block claimed in a range (V14): its outcome is written only under the lease
 * token its range's claim gave it (the claim's salt, then the block's id), only for a block inside
 * that range whose row is still untouched; a range whose lease ended becomes running rows under
 * the same tokens, so a late outcome is still recognised.
 */
class RangeFenceTest {
  @RegisterExtension
  // No rescue pass of its own meanwhile: the tests make ranges expire and turn them by hand.
  static final TestServer node = TestServer.perClass(new JsonObject().put("dispatcher.rescueIntervalMs", 3_600_000));
  static final Api api = node.api();

  @Test
  void only_the_ranges_own_token_writes_a_block_inside_it() {
    String[] blocks = unstartedSession(4);
    long session = sessionOf(blocks[0]);
    // A claim (salt 42) took seqs 0 to 2; the session was never started, so nothing else moves.
    insertRange(session, 42, "probe", "now() + interval '1 hour'", "now()");

    assertThat(FenceProbe.writeSuccess(node, blocks[0], token(43, blocks[0]))).as("another claim's salt").contains("40001");
    assertThat(FenceProbe.writeSuccess(node, blocks[3], token(42, blocks[3]))).as("outside the range").contains("40001");
    assertThat(FenceProbe.writeSuccess(node, blocks[1], token(42, blocks[1]))).isEqualTo("written");
    assertThat(FenceProbe.writeSuccess(node, blocks[1], token(42, blocks[1]))).as("written once").contains("40001");

    assertThat(row(blocks[1])).isEqualTo("SUCCESS 0 true");
    assertThat(row(blocks[0])).isEqualTo("STANDBY 0 false");
  }

  @Test
  void an_expired_range_becomes_running_rows_under_its_tokens_and_a_late_outcome_is_still_written() {
    String[] blocks = unstartedSession(3);
    long session = sessionOf(blocks[0]);
    insertRange(session, 7, "gone-node", "now() - interval '1 second'", "now() - interval '1 minute'");
    assertThat(FenceProbe.writeSuccess(node, blocks[2], token(7, blocks[2]))).isEqualTo("written");

    // The rescue's first step: the untouched blocks become running rows (the rescue then finds them expired).
    TestDatabase.execute(node.database(), io.blockline.store.BlockStoreProbe.materialize());
    assertThat(TestDatabase.queryOne(node.database(), "SELECT count(*) FROM blocks WHERE status = 'RUNNING'"
        + " AND session_id = " + session)).isEqualTo("2");
    assertThat(TestDatabase.queryOne(node.database(), "SELECT count(*) FROM range_leases WHERE session_id = " + session))
        .isEqualTo("0");
    assertThat(TestDatabase.queryOne(node.database(), "SELECT status || ' ' || attempts || ' ' || leased_by || ' '"
        + " || (lease_token = '" + token(7, blocks[0]) + "') FROM blocks WHERE token = '" + blocks[0] + "'"))
        .isEqualTo("RUNNING 1 gone-node true");
    assertThat(row(blocks[2])).as("the block written before stays as written").isEqualTo("SUCCESS 0 true");
    assertThat(FenceProbe.writeSuccess(node, blocks[0], token(7, blocks[0]))).as("the late outcome").isEqualTo("written");
  }

  private static String[] unstartedSession(int n) {
    JsonArray specs = new JsonArray();
    for (int i = 0; i < n; i++) {
      specs.add(noop("b" + i));
    }
    JsonArray receipt = api.submit(new JsonObject().put("mode", "parallel").put("executionTime", "ON_REQUEST")
        .put("blocks", specs)).getJsonArray("blocks");
    String[] tokens = new String[n];
    for (int i = 0; i < n; i++) {
      tokens[i] = receipt.getJsonObject(i).getString("token");
    }
    return tokens;
  }

  /** A range over seqs 0 to 2, as a claim of this salt would have written it. */
  private static void insertRange(long session, long salt, String leasedBy, String leaseUntil, String claimedAt) {
    TestDatabase.execute(node.database(), "INSERT INTO range_leases VALUES (" + session + ", 0, 2, " + salt + ", '"
        + leasedBy + "', " + leaseUntil + ", " + claimedAt + ")");
  }

  private static long sessionOf(String blockToken) {
    return Long.parseLong(TestDatabase.queryOne(node.database(), "SELECT session_id FROM blocks WHERE token = '"
        + blockToken + "'"));
  }

  private static String token(long salt, String blockToken) {
    long id = Long.parseLong(TestDatabase.queryOne(node.database(), "SELECT id FROM blocks WHERE token = '" + blockToken + "'"));
    return new UUID(salt, id).toString();
  }

  /** Status, attempts as stored, whether started. */
  private static String row(String blockToken) {
    return TestDatabase.queryOne(node.database(), "SELECT status || ' ' || attempts || ' ' || (started_at IS NOT NULL)"
        + " FROM blocks WHERE token = '" + blockToken + "'");
  }
}
