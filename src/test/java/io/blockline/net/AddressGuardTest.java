package io.blockline.net;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard refuses private addresses and pins the address it checked: the call connects there,
 * whatever the host's DNS answers afterwards, with the URL's host still in the Host header.
 */
class AddressGuardTest {
  private static Vertx vertx;
  private static HttpServer server;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server = await(vertx.createHttpServer()
        .requestHandler(r -> r.response().end("host=" + r.getHeader("Host") + " path=" + r.path()))
        .listen(0, "127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
  }

  private static <T> T await(Future<T> f) {
    return f.toCompletionStage().toCompletableFuture().orTimeout(20, TimeUnit.SECONDS).join();
  }

  @Test
  void private_addresses_are_refused_unless_allowed() {
    AddressGuard guard = new AddressGuard(vertx, false, "internal.example");
    Throwable refused = await(guard.check("http://127.0.0.1:8080/x").<Throwable>map(c -> null).recover(Future::succeededFuture));
    assertThat(refused).isInstanceOf(AddressGuard.Refused.class).hasMessageContaining("127.0.0.1");
    assertThat(await(guard.check("http://10.1.2.3/").<Throwable>map(c -> null).recover(Future::succeededFuture)))
        .isInstanceOf(AddressGuard.Refused.class);
    assertThat(await(guard.check("http://internal.example/")).pinned()).as("allowed by name: not resolved").isNull();
    assertThat(await(new AddressGuard(vertx, true, "").check("http://127.0.0.1/")).pinned()).isNull();
  }

  @Test
  void a_checked_public_address_is_pinned_with_the_urls_port() {
    AddressGuard guard = new AddressGuard(vertx, false, "");
    SocketAddress http = await(guard.check("http://93.184.216.34/a")).pinned();
    assertThat(http.host()).isEqualTo("93.184.216.34");
    assertThat(http.port()).isEqualTo(80);
    assertThat(await(guard.check("https://1.1.1.1/")).pinned().port()).isEqualTo(443);
    assertThat(await(guard.check("http://8.8.8.8:8081/")).pinned().port()).isEqualTo(8081);
  }

  @Test
  void the_call_goes_to_the_pinned_address_and_names_the_urls_host() {
    // A name that resolves nowhere: only the pinned address can have answered.
    AddressGuard.Checked checked = new AddressGuard.Checked(SocketAddress.inetSocketAddress(server.actualPort(), "127.0.0.1"));
    String body = await(checked.request(WebClient.create(vertx), HttpMethod.GET,
        "http://callback.invalid:" + server.actualPort() + "/hook").send()).bodyAsString();
    assertThat(body).isEqualTo("host=callback.invalid:" + server.actualPort() + " path=/hook");
  }
}
