package io.blockline;

import io.blockline.config.BlocklineConfig;
import io.blockline.testsupport.Api;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;

import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node reaches its embedded PostgreSQL over a Unix socket in the data directory (on Linux's
 * native transport), and over TCP when that directory's path is too long for a socket's.
 */
class EmbeddedSocketTest {

  @Test
  void the_pool_talks_to_the_embedded_database_over_its_unix_socket(@TempDir Path dir) throws Exception {
    int port = freePort();
    Path data = dir.resolve("pg");
    BlocklineServer server = start(data, port, true);
    try {
      Api api = new Api(server.httpPort());
      api.awaitStatus(api.submit(session(noop("a"))).getString("token"), "SUCCESS");

      assertThat(data.resolve(".s.PGSQL." + port)).exists();
      // A backend on a Unix socket has no client port (-1); this test's own JDBC connection is TCP.
      assertThat(backends(port, "client_port = -1")).isPositive();
    } finally {
      server.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void a_data_directory_too_long_for_a_socket_path_keeps_tcp(@TempDir Path dir) throws Exception {
    int port = freePort();
    Path data = dir.resolve("x".repeat(100)).resolve("pg");
    BlocklineServer server = start(data, port, true);
    try {
      Api api = new Api(server.httpPort());
      api.awaitStatus(api.submit(session(noop("a"))).getString("token"), "SUCCESS");

      try (var files = Files.list(data)) {
        assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith(".s.PGSQL"));
      }
      assertThat(backends(port, "client_port = -1")).isZero();
      assertThat(backends(port, "client_port > 0")).isGreaterThan(1);
    } finally {
      server.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void embedded_unix_socket_false_keeps_the_pool_on_tcp(@TempDir Path dir) throws Exception {
    int port = freePort();
    BlocklineServer server = start(dir.resolve("pg"), port, false);
    try {
      Api api = new Api(server.httpPort());
      api.awaitStatus(api.submit(session(noop("a"))).getString("token"), "SUCCESS");

      assertThat(backends(port, "client_port = -1")).isZero();
      assertThat(backends(port, "client_port > 0")).isGreaterThan(1);
    } finally {
      server.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  private static long backends(int port, String condition) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
         ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_stat_activity"
             + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND " + condition)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static BlocklineServer start(Path data, int port, boolean unixSocket) throws Exception {
    JsonObject config = new JsonObject().put("http.port", 0).put("http.host", "127.0.0.1")
        .put("embedded.dataDir", data.toString()).put("embedded.port", port).put("embedded.unixSocket", unixSocket);
    return BlocklineServer.start(BlocklineConfig.from(config)).toCompletionStage().toCompletableFuture()
        .get(120, TimeUnit.SECONDS);
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
