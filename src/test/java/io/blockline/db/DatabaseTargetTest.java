package io.blockline.db;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the store lives: TCP for JDBC always, and for the reactive pool unless a Unix socket is given. */
class DatabaseTargetTest {
  private final DatabaseTarget tcp = new DatabaseTarget("localhost", 5433, "blockline", "app", "secret");

  @Test
  void over_tcp_both_forms_name_the_host_and_port() {
    assertThat(tcp.socketDirectory()).isNull();
    assertThat(tcp.connectOptions().getHost()).isEqualTo("localhost");
    assertThat(tcp.connectOptions().isUsingDomainSocket()).isFalse();
    assertThat(tcp.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5433/blockline");
  }

  @Test
  void via_a_socket_the_pool_connects_to_its_file_and_jdbc_keeps_tcp() {
    DatabaseTarget socket = tcp.viaSocket("/var/lib/blockline/pg");

    assertThat(socket.connectOptions().isUsingDomainSocket()).isTrue();
    assertThat(socket.connectOptions().getSocketAddress().path()).isEqualTo("/var/lib/blockline/pg/.s.PGSQL.5433");
    assertThat(socket.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5433/blockline");
    assertThat(socket.uri()).isEqualTo("postgresql://app:secret@localhost:5433/blockline");
    assertThat(socket.withDatabase("other").socketDirectory()).isEqualTo("/var/lib/blockline/pg");
    assertThat(socket.toString()).isEqualTo("app@localhost:5433/blockline (unix socket in /var/lib/blockline/pg)");
  }
}
