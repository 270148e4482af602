package io.blockline.http;

import io.blockline.store.OverviewQueries;
import io.blockline.store.OverviewSql;
import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static io.blockline.testsupport.Sessions.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The operators' reads with 120,000 sessions finished over a week (half of them with a delivered
 * callback): the overview counts a bounded
 * window and the last hour through indexes (checked in the plans PostgreSQL actually ran), and
 * the session and delivery lists page by cursor. One worker, busy, keeps three blocks waiting.
 */
class OverviewAtScaleTest {
  private static final int SESSIONS = 120_000;

  @RegisterExtension
  static final TestServer node = TestServer.perClass(new JsonObject().put("workers.concurrency", 1));
  static final Api api = node.api();
  static String busy;
  static List<String> waiting = new ArrayList<>();

  @BeforeAll
  static void aWeekOfSessions() {
    // Statuses by number: every 10th ERROR, every 97th (not 10th) CANCELLED, the rest SUCCESS;
    // finished in id order over the last 7 days, as a node would have written them.
    node.execute("""
        INSERT INTO sessions (token, name, owner, status, execution_time, priority, mode, n_blocks, n_success, n_failed,
                              created_at, started_at, finished_at)
        SELECT 'sx' || lpad(g::text, 24, '0'), 'bulk ' || g, 'bulk', s.status, 'NOW', 50, 'sequential', 2,
               CASE WHEN s.status = 'SUCCESS' THEN 2 ELSE 1 END, CASE WHEN s.status = 'SUCCESS' THEN 0 ELSE 1 END,
               t.at, t.at, t.at
        FROM generate_series(1, %d) g
        CROSS JOIN LATERAL (SELECT CASE WHEN g %% 10 = 0 THEN 'ERROR' WHEN g %% 97 = 0 THEN 'CANCELLED' ELSE 'SUCCESS' END
                            AS status) s
        CROSS JOIN LATERAL (SELECT now() - interval '7 days' + (g - 1) * (interval '7 days' / %d) AS at) t;
        INSERT INTO deliveries (session_id, kind, target, payload, status, attempts, delivered_at)
        SELECT id, 'url', 'https://app.example/done', '{}', 'DELIVERED', 1, finished_at FROM sessions WHERE id %% 2 = 0;
        INSERT INTO deliveries (session_id, kind, target, payload, status, attempts, last_error)
        SELECT id, 'url', 'https://gone.example/' || id, '{}', 'DEAD', 12, 'HTTP 410' FROM sessions WHERE id <= 3;
        ANALYZE sessions; ANALYZE deliveries;
        """.formatted(SESSIONS, SESSIONS));
    busy = api.submit(session(sleep("long", 120_000))).getString("token");
    api.awaitStatus(busy, "RUNNING");
    for (int i = 0; i < 3; i++) {
      waiting.add(api.submit(session(noop("queued-" + i))).getString("token"));
    }
  }

  @Test
  void the_overview_counts_the_newest_window_the_last_hour_and_the_queues() {
    JsonObject overview = api.get("/v1/overview").json();

    JsonObject sessions = overview.getJsonObject("sessions");
    assertThat(sessions.getInteger("counted")).isEqualTo(OverviewQueries.WINDOW);
    assertThat(sessions.getBoolean("complete")).isFalse();
    assertThat(sessions.getLong("total")).isGreaterThanOrEqualTo(OverviewQueries.WINDOW);
    // The window: the 4 submitted sessions (1 RUNNING, 3 STANDBY) and bulk sessions 20,005..120,000.
    Map<String, Integer> expected = new java.util.TreeMap<>(Map.of("RUNNING", 1, "STANDBY", 3));
    for (int g = SESSIONS - OverviewQueries.WINDOW + 5; g <= SESSIONS; g++) {
      expected.merge(g % 10 == 0 ? "ERROR" : g % 97 == 0 ? "CANCELLED" : "SUCCESS", 1, Integer::sum);
    }
    assertThat(new java.util.TreeMap<>(sessions.getJsonObject("byStatus").getMap())).isEqualTo(expected);

    JsonObject hour = overview.getJsonObject("lastHour");
    long finishedInHour = Long.parseLong(node.queryOne(
        "SELECT count(*) FROM sessions WHERE finished_at >= now() - interval '1 hour'"));
    assertThat(hour.getLong("finished")).isCloseTo(finishedInHour, within(2L));
    assertThat(hour.getLong("failed") + hour.getLong("succeeded") + hour.getLong("cancelled")).isEqualTo(hour.getLong("finished"));
    assertThat(hour.getDouble("failureRate")).isCloseTo(0.1, within(0.02));
    assertThat(hour.getJsonArray("perMinute").size()).isBetween(59, 61);

    JsonObject queues = overview.getJsonObject("queues");
    assertThat(queues.getLong("runningBlocks")).isEqualTo(1);
    assertThat(queues.getLong("dueBlocks")).isEqualTo(3);
    assertThat(queues.getLong("deadDeliveries")).isEqualTo(3);
    JsonObject oldest = queues.getJsonObject("oldestDueBlock");
    assertThat(oldest.getString("sessionToken")).isEqualTo(waiting.get(0));
    assertThat(oldest.getString("id")).isEqualTo("queued-0");
    assertThat(overview.getJsonObject("workers")).isEqualTo(new JsonObject().put("busy", 1).put("limit", 1));
  }

  @Test
  void every_overview_statement_reads_through_an_index_and_at_most_the_window() {
    for (String sql : List.of(OverviewSql.NEWEST_BY_STATUS.replace("$1", String.valueOf(OverviewQueries.WINDOW)),
        OverviewSql.FINISHED_PER_MINUTE.replace("$1", "3600000"),
        OverviewSql.QUEUES.replace("$1", String.valueOf(OverviewQueries.COUNT_CAP)),
        OverviewSql.OLDEST_DUE)) {
      List<JsonObject> scans = scans(new JsonArray(node.queryOne("EXPLAIN (ANALYZE, FORMAT JSON) " + sql))
          .getJsonObject(0).getJsonObject("Plan"));
      assertThat(scans).as(sql).isNotEmpty();
      for (JsonObject scan : scans) {
        // Lanes and ranges (V14) hold only work in flight, a row per started session or claimed range: read whole.
        if (!List.of("session_lanes", "range_leases").contains(scan.getString("Relation Name"))) {
          assertThat(scan.getString("Node Type")).as("%s in %s", scan.getString("Relation Name"), sql).isNotEqualTo("Seq Scan");
        }
        assertThat(scan.getLong("Actual Rows")).as("rows of %s in %s", scan.getString("Relation Name"), sql)
            .isLessThanOrEqualTo(OverviewQueries.WINDOW);
      }
    }
  }

  @Test
  void the_session_list_pages_through_every_session_newest_first() {
    Set<String> seen = new HashSet<>();
    String cursor = null;
    String last = null;
    for (int page = 0; page < 4; page++) {
      JsonObject body = api.get("/v1/sessions?owner=bulk&limit=500" + (cursor == null ? "" : "&cursor=" + cursor)).json();
      JsonArray items = body.getJsonArray("items");
      assertThat(items).hasSize(500);
      for (Object item : items) {
        String token = ((JsonObject) item).getString("token");
        assertThat(seen.add(token)).isTrue();
        assertThat(last == null || token.compareTo(last) < 0).as("newest first: %s after %s", token, last).isTrue();
        last = token;
      }
      cursor = body.getString("nextCursor");
    }
    assertThat(last).isEqualTo("sx" + String.format("%024d", SESSIONS - 2000 + 1));
  }

  @Test
  void the_deliveries_list_shows_only_the_dead_ones_and_refuses_a_cursor_of_another_list() {
    JsonObject dead = api.get("/v1/deliveries?status=DEAD&limit=2").json();
    Api.Response foreign = api.get("/v1/deliveries?cursor="
        + api.get("/v1/sessions?limit=1").json().getString("nextCursor"));

    assertThat(dead.getJsonArray("items")).hasSize(2);
    assertThat(dead.getJsonArray("items").getJsonObject(0).getString("sessionToken")).isEqualTo("sx" + String.format("%024d", 3));
    JsonObject rest = api.get("/v1/deliveries?status=DEAD&cursor=" + dead.getString("nextCursor")).json();
    assertThat(rest.getJsonArray("items")).hasSize(1);
    assertThat(rest.getString("nextCursor")).isNull();
    assertThat(foreign.status()).isEqualTo(400);
    assertThat(foreign.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(foreign.json().getString("detail")).isEqualTo("cursor: is not a cursor this server returned for this list");
  }

  @Test
  void a_caller_scoped_to_one_owner_gets_no_overview_and_only_its_own_deliveries() {
    Api.Response overview = api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base() + "/v1/overview"))
        .header("X-Blockline-Owner", "alice").GET());
    Api.Response deliveries = api.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(api.base() + "/v1/deliveries?status=DEAD")).header("X-Blockline-Owner", "alice").GET());

    assertThat(overview.status()).isEqualTo(404);
    assertThat(overview.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(overview.json().getString("detail")).isEqualTo("the overview covers every owner's sessions; it is not "
        + "visible to a caller scoped to owner alice (X-Blockline-Owner)");
    assertThat(deliveries.json().getJsonArray("items")).isEmpty();
    assertThat(api.get("/v1/deliveries?limit=501").json().getString("detail"))
        .isEqualTo("limit: must be a whole number between 1 and 500 (was 501)");
  }

  /** Every node of a plan that reads a table or an index. */
  private static List<JsonObject> scans(JsonObject plan) {
    List<JsonObject> found = new ArrayList<>();
    if (plan.getString("Relation Name") != null) {
      found.add(plan);
    }
    JsonArray children = plan.getJsonArray("Plans");
    if (children != null) {
      children.forEach(child -> found.addAll(scans((JsonObject) child)));
    }
    return found;
  }
}
