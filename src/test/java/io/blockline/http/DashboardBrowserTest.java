package io.blockline.http;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.Browser;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.UUID;

import static io.blockline.testsupport.Sessions.echo;
import static io.blockline.testsupport.Sessions.fail;
import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static io.blockline.testsupport.Sessions.sleep;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium against a real node: every page, the live updates from
 * the event stream, and each action behind its confirmation. Screenshots go to target/ui-screenshots/.
 * One worker, so a long block keeps others waiting where the overview can see them.
 */
class DashboardBrowserTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass(new JsonObject().put("workers.concurrency", 1));
  static final Api api = node.api();
  static Browser browser;

  @BeforeAll
  static void openBrowser() {
    browser = Browser.start();
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void replay_of_a_failed_block_clicked_on_its_page_succeeds_and_the_pages_follow_live() {
    String owner = owner();
    JsonObject receipt = api.submit(albumSession().put("owner", owner));
    String token = receipt.getString("token");
    api.awaitStatus(token, "ERROR");

    browser.open(api.base() + "/ui/#/sessions?status=ERROR&owner=" + owner);
    browser.click("tr[data-token='" + token + "'] a");
    browser.awaitText("#session-status", "ERROR");
    browser.until(d -> nodeStatuses().equals(List.of("fetch=SUCCESS", "resize=SUCCESS", "thumbs=ERROR", "report=SKIPPED"))
        ? Boolean.TRUE : null, "the graph: thumbs ERROR, report SKIPPED");
    browser.screenshot("session-error");

    browser.click("#block-graph g.node[data-block='thumbs']");
    browser.awaitText("#block-status", "ERROR");
    assertThat(browser.text("#block-error")).contains("planned failure");
    browser.screenshot("block-error");

    browser.click("button[data-action='replay']");
    browser.find("#confirm-dialog[open]");
    browser.screenshot("block-replay-confirmation");
    browser.confirm();
    browser.awaitText("#block-status", "SUCCESS");
    assertThat(browser.all("#block table tbody tr")).as("two runs: the failed one and the replay").hasSize(2);
    browser.screenshot("block-replayed");

    browser.click("#session-link");
    browser.awaitText("#session-status", "SUCCESS");
    browser.until(d -> nodeStatuses().equals(List.of("fetch=SUCCESS", "resize=SUCCESS", "thumbs=SUCCESS", "report=SUCCESS"))
        ? Boolean.TRUE : null, "every block of the graph SUCCESS");
    browser.screenshot("session-replayed");
    assertThat(api.session(token).getString("status")).isEqualTo("SUCCESS");
  }

  @Test
  void an_action_cancelled_in_its_confirmation_changes_nothing() {
    String token = api.submit(session(fail("a", null)).put("owner", owner())).getString("token");
    api.awaitStatus(token, "ERROR");
    String block = api.session(token).getJsonArray("blocks").getJsonObject(0).getString("token");

    browser.open(api.base() + "/ui/#/blocks/" + block);
    browser.awaitText("#block-status", "ERROR");
    browser.click("button[data-action='replay']");
    browser.click("#confirm-cancel");

    assertThat(browser.all("#confirm-dialog[open]")).isEmpty();
    assertThat(api.block(block).getInteger("replayCount")).isZero();
    assertThat(api.block(block).getString("status")).isEqualTo("ERROR");
  }

  @Test
  void the_overview_shows_the_counts_the_last_hour_and_the_block_waiting_longest() {
    String busy = api.submit(session(sleep("long", 60_000)).put("owner", owner())).getString("token");
    api.awaitStatus(busy, "RUNNING");
    String waiting = api.submit(session(noop("queued")).put("owner", owner())).getString("token");

    browser.open(api.base() + "/ui/#/");
    browser.until(d -> browser.text("[data-test='oldest']").equals("none") ? null : Boolean.TRUE,
        "the oldest waiting block");
    JsonObject overview = api.get("/v1/overview").json();
    for (String status : List.of("SUCCESS", "ERROR", "RUNNING", "STANDBY")) {
      browser.awaitText("[data-test='count-" + status + "']",
          String.valueOf(overview.getJsonObject("sessions").getJsonObject("byStatus").getLong(status, 0L)));
    }
    browser.awaitText("[data-test='workers']", "1 / 1");
    browser.awaitText("[data-test='finished']", String.valueOf(overview.getJsonObject("lastHour").getLong("finished")));
    browser.screenshot("overview");

    browser.click("a.tile[href^='#/blocks/']");
    browser.awaitText("#page-title span", "STANDBY");
    assertThat(browser.text("#session-link")).isEqualTo(waiting);

    browser.open(api.base() + "/ui/#/sessions/" + busy);
    browser.awaitText("#session-status", "RUNNING");
    browser.click("button[data-action='cancel-session']");
    browser.confirm();
    browser.awaitText("#session-status", "CANCELLED");
    api.awaitStatus(waiting, "SUCCESS");
  }

  @Test
  void run_now_and_proceed_act_once_confirmed_and_proceed_refuses_data_that_is_not_an_object() {
    String onRequest = api.submit(session(noop("a")).put("executionTime", "ON_REQUEST").put("owner", owner()))
        .getString("token");
    browser.open(api.base() + "/ui/#/sessions/" + onRequest);
    browser.awaitText("#session-status", "STANDBY");
    browser.click("button[data-action='run']");
    browser.confirm();
    browser.awaitText("#session-status", "SUCCESS");

    String paused = api.submit(session(echo("draft", new JsonObject().put("text", "hi")).put("interrupt", true),
        echo("send", new JsonObject())).put("mode", "pipeline").put("owner", owner())).getString("token");
    api.awaitStatus(paused, "PAUSED");
    browser.open(api.base() + "/ui/#/sessions/" + paused);
    browser.awaitText("#session-status", "PAUSED");
    browser.click("button[data-action='proceed']");
    WebElement data = browser.find("#confirm-data");
    data.clear();
    data.sendKeys("[1, 2]");
    browser.click("#confirm-ok");
    assertThat(browser.text("#confirm-error")).contains("must be a JSON object");
    data.clear();
    data.sendKeys("{\"approved\": true}");
    browser.screenshot("proceed-confirmation");
    browser.confirm();
    browser.awaitText("#session-status", "SUCCESS");
    assertThat(api.session(paused).getJsonObject("output").getBoolean("approved")).isTrue();
  }

  @Test
  void the_session_list_filters_and_pages_through_the_node() {
    String owner = owner();
    for (int i = 1; i <= 5; i++) {
      api.submit(session(noop("a")).put("executionTime", "ON_REQUEST").put("owner", owner).put("name", "page " + i));
    }
    browser.open(api.base() + "/ui/#/sessions");
    browser.find("#filter-owner").sendKeys(owner);
    browser.click("#filter-apply");
    browser.until(d -> names().size() == 5 ? Boolean.TRUE : null, "the owner's five sessions");
    browser.open(api.base() + "/ui/#/sessions?owner=" + owner + "&limit=2");
    browser.until(d -> names().equals(List.of("page 5", "page 4")) ? Boolean.TRUE : null, "the newest page");
    assertThat(new org.openqa.selenium.support.ui.Select(browser.find("#filter-limit")).getFirstSelectedOption().getText())
        .isEqualTo("2");
    browser.click("#page-older");
    browser.until(d -> names().equals(List.of("page 3", "page 2")) ? Boolean.TRUE : null, "the second page");
    browser.click("#page-older");
    browser.until(d -> names().equals(List.of("page 1")) ? Boolean.TRUE : null, "the last page");
    assertThat((Boolean) browser.script("return document.getElementById('page-older').disabled")).isTrue();
    browser.screenshot("sessions-last-page");
    browser.click("#page-newer");
    browser.until(d -> names().equals(List.of("page 3", "page 2")) ? Boolean.TRUE : null, "back to the second page");

    new org.openqa.selenium.support.ui.Select(browser.find("#filter-status")).selectByValue("SUCCESS");
    browser.click("#filter-apply");
    browser.until(d -> browser.text("#sessions").contains("No sessions match.") ? Boolean.TRUE : null,
        "an empty list: these sessions never ran");
  }

  @Test
  void the_deliveries_page_lists_a_pending_callback_and_acknowledges_it() {
    String address = "nobody.listens." + UUID.randomUUID();
    String token = api.submit(session(noop("a")).put("owner", owner())
        .put("callback", new JsonObject().put("address", address))).getString("token");
    api.awaitSession(token, v -> pendingWithError(token), java.time.Duration.ofSeconds(20));

    browser.open(api.base() + "/ui/#/deliveries?status=PENDING");
    String row = "tr[data-session='" + token + "']";
    browser.find(row);
    assertThat(browser.text(row)).contains(address).contains("PENDING");
    browser.screenshot("deliveries");
    browser.click(row + " button[data-action='ack']");
    browser.confirm();
    browser.until(d -> browser.all(row).isEmpty() ? Boolean.TRUE : null, "the acknowledged delivery to leave the list");
    JsonArray items = api.get("/v1/sessions/" + token + "/deliveries").json().getJsonArray("items");
    assertThat(items.getJsonObject(0).getString("status")).isEqualTo("ACKED");
  }

  @Test
  void an_unknown_page_and_an_unknown_session_say_so() {
    browser.open(api.base() + "/ui/#/nowhere");
    browser.awaitText("#page h1", "Not found");
    browser.open(api.base() + "/ui/#/sessions/s0000000000000000000000000");
    browser.until(d -> browser.text("#session").contains("No session s0000000000000000000000000")
        ? Boolean.TRUE : null, "the unknown session's message");
  }

  private static boolean pendingWithError(String token) {
    JsonArray items = api.get("/v1/sessions/" + token + "/deliveries").json().getJsonArray("items");
    return !items.isEmpty() && "PENDING".equals(items.getJsonObject(0).getString("status"))
        && items.getJsonObject(0).getString("lastError") != null;
  }

  /** A parallel session: fetch, then resize (two items) and thumbs (fails once), then report. */
  private static JsonObject albumSession() {
    return session(
        echo("fetch", new JsonObject().put("album", 42)),
        echo("resize", new JsonObject()).put("require", new JsonArray().add("fetch"))
            .put("dataset", new JsonArray().add(new JsonObject().put("n", 1)).add(new JsonObject().put("n", 2))),
        fail("thumbs", 1).put("require", new JsonArray().add("fetch")),
        noop("report").put("require", new JsonArray().add("resize").add("thumbs")))
        .put("name", "resize album 42").put("mode", "parallel");
  }

  private static List<String> nodeStatuses() {
    return browser.script("return [...document.querySelectorAll('#block-graph g.node')]"
        + ".map(n => n.getAttribute('data-block') + '=' + n.getAttribute('data-status'))");
  }

  private static List<String> names() {
    return browser.script("return [...document.querySelectorAll('#sessions tbody tr td:nth-child(2)')]"
        + ".map(td => td.textContent)");
  }

  private static String owner() {
    return "ui-" + UUID.randomUUID();
  }
}
