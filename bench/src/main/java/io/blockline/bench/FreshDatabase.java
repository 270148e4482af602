package io.blockline.bench;

import io.blockline.db.DatabaseTarget;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * Drops and creates again the database a {@code postgresql://} URI names, so that each run of a
 * series ({@code scripts/bench --runs N --fresh-database --pg-uri …}) starts on an empty database,
 * as each run on the embedded default does: the runs of a series then measure the same thing,
 * not a table that grows by a million rows a run (the backlog's plan check adds them).
 * Destructive by design; it refuses the maintenance and template databases.
 *
 * <pre>java -cp … io.blockline.bench.FreshDatabase postgresql://user:pw@host:5432/db</pre>
 */
final class FreshDatabase {
  private static final Set<String> REFUSED = Set.of("postgres", "template0", "template1");

  private FreshDatabase() {
  }

  public static void main(String[] args) throws SQLException {
    if (args.length != 1) {
      System.err.println("usage: FreshDatabase postgresql://user:pw@host:port/database");
      System.exit(2);
    }
    DatabaseTarget target = DatabaseTarget.fromUri(args[0]);
    recreate(target);
    System.err.println("bench: database " + target + " dropped and created again, empty");
  }

  /** Drops {@code target}'s database (closing its connections) and creates it again, empty. */
  static void recreate(DatabaseTarget target) throws SQLException {
    String name = target.database();
    if (name == null || name.isEmpty() || REFUSED.contains(name)) {
      throw new IllegalArgumentException("--fresh-database drops the database of --pg-uri; it refuses '" + name
          + "': name a database of the bench's own");
    }
    String quoted = "\"" + name.replace("\"", "\"\"") + "\"";
    DatabaseTarget maintenance = target.withDatabase("postgres");
    try (Connection c = DriverManager.getConnection(maintenance.jdbcUrl(), Db.credentials(maintenance));
         Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + quoted);
    }
  }
}
