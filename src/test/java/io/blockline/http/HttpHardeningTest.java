package io.blockline.http;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HTTPS from PEM files, CORS only for configured origins, and limits on header size, JSON depth and request time. */
class HttpHardeningTest {
  @RegisterExtension
  static final TestServer plain = TestServer.perClass(new JsonObject().put("http.maxJsonDepth", 16)
      .put("http.requestTimeoutMs", 800));

  private static Path dir;
  private static TestServer tls;
  private static HttpClient trusting;

  @BeforeAll
  static void startTls() throws Exception {
    dir = Files.createTempDirectory("blockline-tls");
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
        "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString())
        .redirectErrorStream(true).start();
    assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(openssl.exitValue()).as(new String(openssl.getInputStream().readAllBytes())).isZero();
    tls = TestServer.start(new JsonObject().put("http.tls.certPath", dir.resolve("cert.pem").toString())
        .put("http.tls.keyPath", dir.resolve("key.pem").toString()).put("http.cors.origins", "https://app.example"));
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(dir.resolve("cert.pem"))) {
      trust.setCertificateEntry("node", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    trusting = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
  }

  @AfterAll
  static void stopTls() {
    if (tls != null) {
      tls.close();
    }
  }

  private static int port(TestServer node) {
    return URI.create(node.api().base()).getPort();
  }

  @Test
  void the_node_serves_https_from_pem_files_and_nothing_in_clear() throws Exception {
    HttpResponse<String> health = trusting.send(HttpRequest.newBuilder(
        URI.create("https://localhost:" + port(tls) + "/health")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"UP\"");
    assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + port(tls) + "/health")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void cors_answers_only_the_configured_origins() throws Exception {
    HttpRequest.Builder preflight = HttpRequest.newBuilder(URI.create("https://localhost:" + port(tls) + "/v1/sessions"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type");
    HttpResponse<String> allowed = trusting.send(preflight.copy().header("Origin", "https://app.example").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
    HttpResponse<String> other = trusting.send(preflight.copy().header("Origin", "https://evil.example").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    HttpResponse<String> off = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(plain.api().base() + "/v1/sessions"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example")
        .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(off.headers().firstValue("Access-Control-Allow-Origin")).as("CORS is off by default").isEmpty();
  }

  @Test
  void a_body_nested_too_deep_is_a_400_and_the_node_stays_healthy() {
    String deep = "{\"blocks\":" + "[".repeat(17) + "]".repeat(17) + "}";
    Api.Response r = plain.api().post("/v1/sessions", deep);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getString("detail")).contains("http.maxJsonDepth=16");
    assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("body");
    Api.Response huge = plain.api().post("/v1/sessions", "[".repeat(200_000));
    assertThat(huge.status()).isEqualTo(400);
    String brackets = "{\"name\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\",\"blocks\":[{\"handler\":{\"type\":\"builtin\",\"name\":\"noop\"}}]}";
    assertThat(plain.api().post("/v1/sessions", brackets).status()).as("brackets inside strings do not count").isEqualTo(201);
    assertThat(plain.api().get("/health").status()).isEqualTo(200);
  }

  @Test
  void headers_over_the_limit_are_refused() throws Exception {
    HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(HttpRequest.newBuilder(URI.create(plain.api().base() + "/health"))
            .header("X-Padding", "x".repeat(20_000)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(431);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/problem+json");
    assertThat(new io.vertx.core.json.JsonObject(r.body()).getString("detail")).contains("http.maxHeaderBytes=");
    assertThat(plain.api().get("/health").status()).isEqualTo(200);
  }

  @Test
  void depth_counts_brackets_outside_strings_only() {
    assertThat(JsonDepthGuard.depth(Buffer.buffer("{\"a\":[1,{\"b\":\"]]]\"}]}"), 10)).isEqualTo(3);
    assertThat(JsonDepthGuard.depth(Buffer.buffer("\"\\\"[[[\""), 10)).isZero();
    assertThat(JsonDepthGuard.depth(Buffer.buffer("[".repeat(1000)), 5)).isEqualTo(6);
  }

  @Test
  void a_body_that_does_not_arrive_in_time_gets_408_and_its_connection_closed() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", plain.server().httpPort())) {
      socket.setSoTimeout(10_000);
      var out = socket.getOutputStream();
      out.write(("POST /v1/sessions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: 200\r\n\r\n{\"blocks\": [").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

      assertThat(answer).startsWith("HTTP/1.1 408").contains("application/problem+json")
          .contains("did not arrive within 800 ms");
    }
    assertThat(plain.api().get("/health").status()).isEqualTo(200);
  }

  @Test
  void a_wait_longer_than_the_request_timeout_is_waited_for() {
    long started = System.nanoTime();
    Api.Response r = plain.api().post("/v1/sessions?wait=1500ms", new JsonObject().put("blocks", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("handler", new JsonObject().put("type", "builtin").put("name", "sleep"))
            .put("params", new JsonObject().put("ms", 3_000)))));

    assertThat(r.status()).as("still running when its wait ended: 202, not the deadline's 503").isEqualTo(202);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1_500));
  }
}
