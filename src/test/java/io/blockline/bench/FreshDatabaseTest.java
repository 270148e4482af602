package io.blockline.bench;

import io.blockline.db.DatabaseTarget;
import io.blockline.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code scripts/bench --fresh-database}: the database of --pg-uri, dropped and created again, empty. */
class FreshDatabaseTest {
  @Test
  void drops_the_database_even_while_connected_and_creates_it_again_empty() throws Exception {
    DatabaseTarget target = TestDatabase.empty();
    TestDatabase.execute(target, "CREATE TABLE leftover (id int)");
    try (var open = java.sql.DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password())) {
      FreshDatabase.recreate(target);
      assertThat(open.isValid(2)).as("a connection to the old database is closed by the drop").isFalse();
    }

    assertThat(TestDatabase.queryOne(target, "SELECT count(*) FROM pg_class WHERE relname = 'leftover'")).isEqualTo("0");
  }

  @Test
  void refuses_the_maintenance_and_template_databases() {
    DatabaseTarget server = TestDatabase.empty();
    for (String name : new String[] {"postgres", "template1"}) {
      assertThatThrownBy(() -> FreshDatabase.recreate(server.withDatabase(name)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refuses '" + name + "'");
    }
    assertThat(TestDatabase.queryOne(server.withDatabase("postgres"), "SELECT 1")).isEqualTo("1");
  }
}
