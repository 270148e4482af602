package io.blockline;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

class ServerLifecycleTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass();
  static final Api api = node.api();

  @Test
  void health_is_up_with_database_and_version() {
    Api.Response health = api.get("/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().getString("status")).isEqualTo("UP");
    assertThat(health.json().getString("db")).isEqualTo("UP");
    assertThat(health.json().getString("version")).isNotBlank();
  }

  @Test
  void a_noop_block_is_stored_dispatched_run_and_shown_as_success() {
    JsonObject receipt = api.submit(session(noop("only")));
    assertThat(receipt.getString("token")).hasSizeGreaterThanOrEqualTo(15);
    assertThat(receipt.getJsonArray("blocks")).hasSize(1);

    JsonObject view = api.awaitStatus(receipt.getString("token"), "SUCCESS");
    JsonObject block = Api.blockOf(view, "only");
    assertThat(block.getString("status")).isEqualTo("SUCCESS");
    assertThat(block.getInteger("attempts")).isEqualTo(1);
    assertThat(view.getString("finishedAt")).isNotNull();
  }

  @Test
  void unknown_routes_answer_problem_json() {
    Api.Response r = api.get("/v1/nothing-here");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void metrics_are_scraped_in_prometheus_text_and_count_what_happened() {
    String token = api.submit(session(noop("m"))).getString("token");
    api.awaitStatus(token, "SUCCESS");
    java.net.http.HttpResponse<String> metrics = api.getText("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    String text = metrics.body();
    assertThat(text).contains("blockline_sessions_submitted_total")
        .contains("blockline_blocks_status_total{status=\"success\"}")
        .contains("blockline_runs_in_flight")
        .contains("jvm_memory_used_bytes");
    double submitted = text.lines().filter(l -> l.startsWith("blockline_sessions_submitted_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    assertThat(submitted).isGreaterThanOrEqualTo(1.0);
  }
}
