package io.blockline.engine;

import io.blockline.api.ProblemException;
import io.blockline.session.PreparedSession;
import io.blockline.store.SessionStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * {@code quotas.maxActiveSessions}: an owner's unfinished sessions, counted in the submit's own
 * transaction under a lock per owner, so two submits on two nodes cannot both take the last place.
 * A session over the limit is answered 429 (its caller may retry when some have finished); the
 * others of the same group commit are stored.
 */
public final class ActiveSessionQuota {
  private final int max;
  private final BiConsumer<String, String> refused;

  /**
   * @param max     0 = no limit
   * @param refused told (owner, quota) of each refusal, for the metric
   */
  public ActiveSessionQuota(int max, BiConsumer<String, String> refused) {
    this.max = max;
    this.refused = refused;
  }

  public boolean enabled() {
    return max > 0;
  }

  /** @return the sessions of the batch within their owner's quota, in order; the others are answered 429 */
  public Future<List<PreparedSession>> admit(SqlClient tx, List<PreparedSession> batch) {
    TreeSet<String> lanes = new TreeSet<>();
    batch.forEach(p -> lanes.add(p.lane()));
    return SessionStore.lockLanesCountingActive(tx, lanes.toArray(String[]::new)).map(active -> admit(batch, active));
  }

  /** One session's check (an idempotent submit): fails with the 429 when its owner is at the limit. */
  public Future<Void> admitOne(SqlClient tx, PreparedSession p) {
    return SessionStore.lockLanesCountingActive(tx, new String[] {p.lane()}).compose(active -> {
      int count = active.getOrDefault(p.lane(), 0);
      return count < max ? Future.succeededFuture() : Future.failedFuture(refusal(p.lane(), count));
    });
  }

  private List<PreparedSession> admit(List<PreparedSession> batch, Map<String, Integer> active) {
    List<PreparedSession> admitted = new ArrayList<>(batch.size());
    for (PreparedSession p : batch) {
      int count = active.getOrDefault(p.lane(), 0);
      if (count < max) {
        active.put(p.lane(), count + 1);
        admitted.add(p);
      } else {
        p.reply.tryFail(refusal(p.lane(), count));
      }
    }
    return admitted;
  }

  private ProblemException refusal(String lane, int count) {
    refused.accept(lane, "activeSessions");
    return new ProblemException(429, "owner " + (lane.isEmpty() ? "(none)" : lane) + " has " + count
        + " unfinished sessions; quotas.maxActiveSessions is " + max + "; retry when some have finished");
  }
}
