package io.blockline.http;

import io.blockline.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The served OpenAPI document describes every route of the HTTP API. */
class OpenApiTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass();

  @Test
  void openapi_yaml_is_served_and_names_every_route() {
    HttpResponse<String> response = node.api().getText("/openapi.yaml");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/yaml");
    String yaml = response.body();
    assertThat(yaml).startsWith("openapi: 3.");
    for (String path : List.of("/health", "/metrics", "/v1/sessions", "/v1/sessions/{token}",
        "/v1/sessions/{token}/run", "/v1/sessions/{token}/cancel", "/v1/sessions/{token}/proceed",
        "/v1/sessions/{token}/events", "/v1/sessions/{token}/deliveries", "/v1/sessions/{token}/deliveries/ack",
        "/v1/blocks/{token}", "/v1/blocks/{token}/replay", "/v1/blocks/{token}/cancel", "/v1/blocks/{token}/output",
        "/v1/mock", "/v1/keys", "/v1/keys/{prefix}", "/v1/deliveries", "/v1/overview", "/v1/nodes", "/ui/")) {
      assertThat(yaml).as(path).contains("\n  " + path + ":\n");
    }
    for (String status : List.of("PREP", "STANDBY", "RUNNING", "PAUSED", "SUCCESS", "ERROR", "BLOCKER", "CANCELLED",
        "TIMEOUT", "SKIPPED")) {
      assertThat(yaml).contains(status);
    }
  }
}
