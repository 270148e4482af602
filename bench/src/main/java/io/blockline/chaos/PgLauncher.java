package io.blockline.chaos;

import io.blockline.db.EmbeddedDatabase;

import java.nio.file.Path;

/**
 * A PostgreSQL of the chaos run's own, in a JVM of its own, so that the run can stop it (SIGTERM:
 * a fast shutdown) and start it again on the same data: {@code PgLauncher DATA_DIR PORT}.
 */
public final class PgLauncher {
  static final String READY = "CHAOS-PG-READY";

  private PgLauncher() {
  }

  public static void main(String[] args) throws Exception {
    EmbeddedDatabase database = EmbeddedDatabase.start(Path.of(args[0]), Integer.parseInt(args[1]));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        database.close();
      } catch (Exception e) {
        System.err.println("PostgreSQL did not stop cleanly: " + e);
      }
    }, "chaos-pg-stop"));
    System.out.println(READY);
    System.out.flush();
    Thread.currentThread().join();
  }
}
