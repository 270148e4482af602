package io.blockline.db;

import io.vertx.pgclient.PgConnectOptions;

/**
 * Where the store lives, in the two forms the server needs: reactive connect options for the
 * runtime pool and a JDBC URL for Flyway's migrations. {@code socketDirectory}, when set, is where
 * the same server also listens on a Unix socket ({@code .s.PGSQL.<port>}): the reactive pool
 * connects there (the embedded database, on a native transport), JDBC keeps TCP.
 */
public record DatabaseTarget(String host, int port, String database, String user, String password,
                             String socketDirectory) {

  /** Over TCP only. */
  public DatabaseTarget(String host, int port, String database, String user, String password) {
    this(host, port, database, user, password, null);
  }

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

  /** The same server, the reactive pool over the Unix socket in {@code directory}. */
  public DatabaseTarget viaSocket(String directory) {
    return new DatabaseTarget(host, port, database, user, password, directory);
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions()
        // A host that is a directory is a Unix socket to the Vert.x client (it needs a native transport).
        .setHost(socketDirectory != null ? socketDirectory : host).setPort(port).setDatabase(database).setUser(user).setPassword(password)
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
    return new DatabaseTarget(host, port, otherDatabase, user, password, socketDirectory);
  }

  /** A URI for this target, as {@code pg.uri} accepts it. */
  public String uri() {
    String auth = password == null || password.isEmpty() ? user : user + ":" + password;
    return "postgresql://" + auth + "@" + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return user + "@" + host + ":" + port + "/" + database + (socketDirectory == null ? "" : " (unix socket in " + socketDirectory + ")");
  }

  private static String redact(String uri) {
    return uri.replaceAll("://([^:@/]+):[^@/]*@", "://$1:***@");
  }
}
