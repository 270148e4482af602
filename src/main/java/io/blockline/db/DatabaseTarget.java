package io.blockline.db;

import io.vertx.pgclient.PgConnectOptions;

/**
 * Where the store lives, in the two forms the server needs: reactive connect options for the
 * runtime pool and a JDBC URL for Flyway's migrations.
 */
public record DatabaseTarget(String host, int port, String database, String user, String password) {

  /** Parses a {@code postgresql://user:pw@host:port/db} URI. */
  public static DatabaseTarget fromUri(String uri) {
    PgConnectOptions options;
    try {
      options = PgConnectOptions.fromUri(uri);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("pg.uri is not a PostgreSQL URI: " + redact(uri));
    }
    return new DatabaseTarget(options.getHost(), options.getPort(), options.getDatabase(),
        options.getUser(), options.getPassword());
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions()
        .setHost(host).setPort(port).setDatabase(database).setUser(user).setPassword(password)
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(256)
        // The default (2,048 characters) left the longest hot statements, such as the submit's
        // insert, out of the cache: parsed and planned again at every call.
        .setPreparedStatementCacheSqlLimit(16_384)
        .setPipeliningLimit(256)
        .setReconnectAttempts(0);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** The same server, another database (tests clone a template per class). */
  public DatabaseTarget withDatabase(String otherDatabase) {
    return new DatabaseTarget(host, port, otherDatabase, user, password);
  }

  /** A URI for this target, as {@code pg.uri} accepts it. */
  public String uri() {
    String auth = password == null || password.isEmpty() ? user : user + ":" + password;
    return "postgresql://" + auth + "@" + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return user + "@" + host + ":" + port + "/" + database;
  }

  private static String redact(String uri) {
    return uri.replaceAll("://([^:@/]+):[^@/]*@", "://$1:***@");
  }
}
