package io.blockline.node;

import io.vertx.sqlclient.Pool;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the health check and the API gate read while the server starts and stops: the pool once
 * the database answers, whether the dispatcher is deployed, and why not yet.
 */
public final class ServerState {
  private volatile Pool pool;
  private volatile boolean ready;
  private volatile boolean stopping;
  private final List<String> reasons = new CopyOnWriteArrayList<>();

  public Pool pool() { return pool; }
  public boolean ready() { return ready && !stopping; }
  public boolean stopping() { return stopping; }

  public void pool(Pool pool) { this.pool = pool; }

  public void ready(boolean ready) {
    this.ready = ready;
    if (ready) {
      reasons.clear();
    }
  }

  public void markStopping() { this.stopping = true; }

  public void reason(String reason) {
    reasons.clear();
    reasons.add(reason);
  }

  public List<String> reasons() {
    if (stopping) {
      return List.of("server is stopping");
    }
    return List.copyOf(reasons);
  }

  public static String version() {
    String version = ServerState.class.getPackage().getImplementationVersion();
    return version != null ? version : "dev";
  }
}
