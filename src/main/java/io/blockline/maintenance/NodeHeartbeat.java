package io.blockline.maintenance;

import io.blockline.store.NodeStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.IntConsumer;

/**
 * This node's row in {@code nodes}: a heartbeat every {@code cluster.heartbeatMs}. Each beat also
 * looks for nodes whose heartbeat is older than {@code cluster.deadAfterMs}, expires the leases
 * they hold and has the {@link Rescuer} take them at once, instead of waiting for the leases to run
 * out and for the next rescue pass. Which node rescues does not matter: the rescue is fenced by the
 * lease, so it applies once. A node the cluster manager saw leave is marked dead at once.
 */
public final class NodeHeartbeat {
  private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeat.class);

  /** Who this node is and how often it beats; {@code address} is host:port of its HTTP API. */
  public record Settings(String nodeId, String address, long heartbeatMs, long deadAfterMs) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final Settings settings;
  private final Rescuer rescuer;
  private final IntConsumer rescued;
  private long timer = -1;
  private Future<Integer> beating;
  /** When this node's last beat succeeded (System.nanoTime; 0: never). */
  private long lastBeatNanos;
  /** Dead nodes are looked for from then on only (see {@link #mayJudge}). */
  private long judgeFromNanos = System.nanoTime();

  public NodeHeartbeat(Vertx vertx, Pool pool, Settings settings, Rescuer rescuer, IntConsumer rescued) {
    this.vertx = vertx;
    this.pool = pool;
    this.settings = settings;
    this.rescuer = rescuer;
    this.rescued = rescued;
  }

  /** Beats once (the node is listed from now on; a failure is logged and the next beat tries again), then every {@code heartbeatMs}. */
  public Future<Integer> start() {
    timer = vertx.setPeriodic(settings.heartbeatMs(), id -> tickOnce());
    return tickOnce().recover(e -> Future.succeededFuture(0));
  }

  /**
   * One beat: this node's heartbeat, then the dead nodes' leases, rescued here when there are any.
   * Completes with the blocks rescued; a beat still going is not doubled.
   */
  public Future<Integer> tickOnce() {
    if (beating != null && !beating.isComplete()) {
      return beating;
    }
    beating = NodeStore.heartbeat(pool, settings.nodeId(), settings.address())
        .compose(v -> NodeStore.forgetLongDead(pool))
        .compose(v -> mayJudge() ? NodeStore.expireLeasesOfDeadNodes(pool, settings.deadAfterMs(), settings.nodeId())
            : Future.succeededFuture(List.<NodeStore.TakenLease>of()))
        .compose(this::rescue)
        .onFailure(e -> LOG.warn("heartbeat failed node={}: {}", settings.nodeId(), e.toString()));
    return beating;
  }

  /**
   * After a beat that succeeded. When this node's own beats failed for longer than deadAfterMs (the
   * database was away), every other node's beats failed too: they look dead only because of it.
   * They get one deadAfterMs to beat again before this node judges them.
   */
  private boolean mayJudge() {
    long now = System.nanoTime();
    long deadAfterNanos = settings.deadAfterMs() * 1_000_000;
    if (lastBeatNanos != 0 && now - lastBeatNanos > deadAfterNanos) {
      judgeFromNanos = now + deadAfterNanos;
      LOG.info("heartbeats resumed after {} ms; other nodes get {} ms to beat before they count as dead",
          (now - lastBeatNanos) / 1_000_000, settings.deadAfterMs());
    }
    lastBeatNanos = now;
    return now - judgeFromNanos >= 0;
  }

  private Future<Integer> rescue(List<NodeStore.TakenLease> taken) {
    if (taken.isEmpty()) {
      return Future.succeededFuture(0);
    }
    taken.stream().map(NodeStore.TakenLease::deadNode).distinct().forEach(dead ->
        LOG.warn("node={} stopped heartbeating; rescuing its running blocks", dead));
    return rescuer.tickOnce().onSuccess(rescued::accept);
  }

  /** The cluster manager saw this node leave: dead from now on (unless it beats again), checked at once. */
  public Future<Integer> nodeLeft(String nodeId) {
    if (nodeId.equals(settings.nodeId())) {
      return Future.succeededFuture(0);
    }
    LOG.info("node={} left the cluster", nodeId);
    return NodeStore.markDead(pool, nodeId, settings.deadAfterMs())
        .compose(v -> beating == null || beating.isComplete() ? tickOnce() : beating.compose(n -> tickOnce()));
  }

  /** Stops beating and takes this node's row out: a node that stops gracefully is not reported dead. */
  public Future<Void> stop() {
    vertx.cancelTimer(timer);
    return NodeStore.leave(pool, settings.nodeId())
        .onFailure(e -> LOG.warn("could not remove node={} from nodes: {}", settings.nodeId(), e.toString()));
  }
}
