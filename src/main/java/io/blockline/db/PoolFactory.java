package io.blockline.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** The one reactive pool of the server, created in {@code BlocklineServer} and handed to verticles. */
public final class PoolFactory {
  private PoolFactory() {
  }

  public static Pool create(Vertx vertx, DatabaseTarget target, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setName("blockline").setShared(false))
        .connectingTo(target.connectOptions())
        .using(vertx)
        .build();
  }
}
