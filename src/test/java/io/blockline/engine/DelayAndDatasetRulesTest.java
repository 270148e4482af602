package io.blockline.engine;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static io.blockline.testsupport.Api.array;
import static io.blockline.testsupport.Api.blockOf;
import static io.blockline.testsupport.Sessions.echo;
import static io.blockline.testsupport.Sessions.fail;
import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/** DESIGN.md, Semantics: {@code delay} counted from submit; {@code dataset} runs once per item. */
class DelayAndDatasetRulesTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass();
  static final Api api = node.api();

  @Test
  void a_delayed_block_does_not_start_before_submit_time_plus_delay() {
    JsonObject receipt = api.submit(session(noop("late").put("delayMs", 600), noop("later").put("delayMs", 900)));

    JsonObject view = api.awaitStatus(receipt.getString("token"), "SUCCESS");

    Instant submitted = Instant.parse(view.getString("createdAt"));
    assertThat(instant(blockOf(view, "late"), "startedAt")).isAfterOrEqualTo(submitted.plusMillis(600));
    assertThat(instant(blockOf(view, "later"), "startedAt")).as("the delay counts from submit, not from the turn")
        .isAfterOrEqualTo(submitted.plusMillis(900));
  }

  @Test
  void a_dataset_block_runs_once_per_item_and_its_result_lists_them_in_item_order() {
    JsonArray dataset = array(new JsonObject().put("n", 1), new JsonObject().put("n", 2), new JsonObject().put("n", 3),
        new JsonObject().put("n", 4));
    JsonObject receipt = api.submit(session(echo("each", new JsonObject().put("tag", "t")).put("dataset", dataset)));

    JsonObject view = api.awaitStatus(receipt.getString("token"), "SUCCESS");

    JsonObject block = blockOf(view, "each");
    JsonArray items = block.getJsonObject("result").getJsonArray("items");
    assertThat(items).hasSize(4);
    for (int i = 0; i < 4; i++) {
      assertThat(items.getJsonObject(i)).isEqualTo(new JsonObject().put("tag", "t").put("item", dataset.getValue(i)));
    }
    JsonArray runs = api.block(block.getString("token")).getJsonArray("runs");
    assertThat(runs).hasSize(4);
    for (int i = 0; i < 4; i++) {
      JsonObject run = runs.getJsonObject(i);
      assertThat(run.getInteger("item")).isEqualTo(i);
      assertThat(run.getInteger("attempt")).isEqualTo(1);
      assertThat(run.getString("status")).isEqualTo("SUCCESS");
    }
  }

  @Test
  void a_dataset_block_with_a_failing_item_fails_and_names_the_item() {
    JsonArray dataset = array(new JsonObject().put("n", 1), new JsonObject().put("n", 2));
    JsonObject receipt = api.submit(session(fail("each", null).put("dataset", dataset)));

    JsonObject view = api.awaitSession(receipt.getString("token"), v -> "ERROR".equals(v.getString("status")),
        Duration.ofSeconds(20));

    JsonObject block = blockOf(view, "each");
    assertThat(block.getString("status")).isEqualTo("ERROR");
    assertThat(block.getValue("result")).isNull();
    JsonObject error = block.getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("FAILED");
    assertThat(error.getJsonObject("details").getInteger("item")).isEqualTo(0);
    JsonArray runs = api.block(block.getString("token")).getJsonArray("runs");
    assertThat(runs).isNotEmpty();
    JsonObject first = runs.getJsonObject(0);
    assertThat(first.getInteger("item")).isEqualTo(0);
    assertThat(first.getString("status")).isEqualTo("ERROR");
    assertThat(first.getJsonObject("error").getString("code")).isEqualTo("FAILED");
    runs.forEach(run -> assertThat(((JsonObject) run).getInteger("item")).as("every run names its item").isNotNull());
  }

  private static Instant instant(JsonObject view, String field) {
    String value = view.getString(field);
    assertThat(value).as("%s of %s", field, view.getString("id")).isNotNull();
    return Instant.parse(value);
  }
}
