package io.blockline.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * The server's reactive pools, created in {@code BlocklineServer} (the shared one) and in the
 * dispatcher (the engine's), and handed to verticles.
 */
public final class PoolFactory {
  /**
   * The engine's state changes run one batch at a time per node (two when the rescuer's overlap
   * one): two connections of their own.
   */
  public static final int ENGINE_POOL_SIZE = 2;

  private PoolFactory() {
  }

  public static Pool create(Vertx vertx, DatabaseTarget target, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setName("blockline").setShared(false))
        .connectingTo(target.connectOptions())
        .using(vertx)
        .build();
  }

  /**
   * The engine's pool: its connections plan with generic plans only. The engine's statements take
   * arrays, and PostgreSQL's plan cache kept judging the generic plan too costly against plans
   * made for the arrays' actual sizes, so it planned them again at almost every call (about a
   * third of a millisecond of database CPU per transaction); the generic plans are the right
   * ones. Set per connection (a startup parameter) rather than per transaction, so that a step
   * that is one statement needs no transaction around it. Only these connections: the read
   * side's optional filters do want plans made for their values.
   */
  public static Pool createForEngine(Vertx vertx, DatabaseTarget target) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(ENGINE_POOL_SIZE).setName("blockline-engine").setShared(false))
        .connectingTo(target.connectOptions().addProperty("plan_cache_mode", "force_generic_plan"))
        .using(vertx)
        .build();
  }
}
