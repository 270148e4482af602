package io.blockline.engine;

import io.blockline.store.SessionSql;
import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static io.blockline.testsupport.Api.blockOf;
import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static io.blockline.testsupport.Sessions.sleep;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19, fair share: an owner's queued backlog holds back another owner's new block only by
 * what is at the head of the queue, not by the whole backlog; each owner's own blocks keep their
 * submit order. One worker slot, so the order of the claims is the order of the starts.
 */
class FairShareTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass(new JsonObject().put("workers.concurrency", 1));
  static final Api api = node.api();

  @Test
  void a_new_owners_block_starts_ahead_of_another_owners_backlog() {
    String busy = api.submit(session(sleep("occupy", 1_000))).getString("token");
    api.awaitSession(busy, v -> "RUNNING".equals(blockOf(v, "occupy").getString("status")), Duration.ofSeconds(10));

    List<String> backlog = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      backlog.add(api.submit(parallel(100).put("owner", "bulk")).getString("token"));
    }
    String small = api.submit(session(noop("mine")).put("owner", "small")).getString("token");
    assertThat(api.session(busy).getString("status")).as("the only slot was still taken while submitting")
        .isEqualTo("RUNNING");

    String smallStarted = blockOf(api.awaitStatus(small, "SUCCESS"), "mine").getString("startedAt");
    List<String> bulkStarts = new ArrayList<>();
    for (String token : backlog) {
      JsonArray blocks = api.awaitStatus(token, "SUCCESS").getJsonArray("blocks");
      List<String> starts = blocks.stream().map(b -> ((JsonObject) b).getString("startedAt")).sorted().toList();
      if (!bulkStarts.isEmpty()) {
        assertThat(starts.get(0)).as("the bulk owner's sessions run in its submit order")
            .isGreaterThan(bulkStarts.get(bulkStarts.size() - 1));
      }
      bulkStarts.addAll(starts);
    }
    long ahead = bulkStarts.stream().filter(t -> t.compareTo(smallStarted) < 0).count();
    assertThat(ahead).as("bulk blocks started before the small owner's one, of 300 queued ahead of it")
        .isLessThanOrEqualTo(2);
  }

  @Test
  void concurrent_submits_of_several_owners_give_each_block_its_own_key_in_its_owners_lane() {
    List<CompletableFuture<JsonObject>> submits = IntStream.range(0, 30)
        .mapToObj(i -> CompletableFuture.supplyAsync(() -> api.submit(parallel(20).put("owner", "o" + i % 3))))
        .toList();
    submits.forEach(CompletableFuture::join);
    for (CompletableFuture<JsonObject> f : submits) {
      api.awaitStatus(f.join().getString("token"), "SUCCESS");
    }

    assertThat(node.queryOne("""
        SELECT count(*) FROM (
          SELECT s.owner, b.fair_key FROM blocks b JOIN sessions s ON s.id = b.session_id
          WHERE s.owner IN ('o0','o1','o2') GROUP BY 1, 2 HAVING count(*) > 1) dup"""))
        .as("keys shared by two blocks of one owner").isEqualTo("0");
    assertThat(node.queryOne("""
        SELECT string_agg(l.owner || '=' || (l.last_key = m.top), ',' ORDER BY l.owner)
        FROM owner_lanes l JOIN (SELECT s.owner, max(b.fair_key) AS top FROM blocks b
                                 JOIN sessions s ON s.id = b.session_id GROUP BY 1) m ON m.owner = l.owner
        WHERE l.owner IN ('o0','o1','o2')"""))
        .as("each lane ends at its owner's highest key").isEqualTo("o0=true,o1=true,o2=true");
  }

  @Test
  void lanes_behind_the_head_are_pruned_and_their_owners_start_again_from_the_head() {
    for (int i = 1; i <= 3; i++) {   // one after another: each lane ends above the one before
      api.awaitStatus(api.submit(parallel(5 * i).put("owner", "p" + i)).getString("token"), "SUCCESS");
    }
    long top = Long.parseLong(node.queryOne("SELECT max(last_key) FROM owner_lanes"));

    node.execute(SessionSql.PRUNE_LANES);

    assertThat(node.queryOne("SELECT count(*) FROM owner_lanes")).as("nothing due: only the highest lane stays")
        .isEqualTo("1");
    String token = api.submit(parallel(2).put("owner", "p1")).getString("token");
    api.awaitStatus(token, "SUCCESS");
    assertThat(node.queryOne("SELECT min(b.fair_key) FROM blocks b JOIN sessions s ON s.id = b.session_id "
        + "WHERE s.token = '" + token + "'")).as("keyed from the head, as if the lane had stayed")
        .isEqualTo(Long.toString(top + 1));
  }

  private static JsonObject parallel(int blocks) {
    JsonObject[] specs = IntStream.range(0, blocks).mapToObj(i -> noop("b" + i)).toArray(JsonObject[]::new);
    return session(specs).put("mode", "parallel");
  }
}
