package io.blockline.claim;

import io.blockline.api.Addresses;
import io.blockline.api.Events;
import io.blockline.api.LocalJsonCodec;
import io.blockline.api.WorkerAddresses;
import io.blockline.block.ClaimPosition;
import io.blockline.block.ClaimedRun;
import io.blockline.block.Outcome;
import io.blockline.block.RunRecord;
import io.blockline.engine.Command;
import io.blockline.handler.HandlerKinds;
import io.blockline.store.BlockStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Claims due blocks in batches sized by the free worker slots, hands each to a worker, keeps
 * their leases alive and turns each worker reply into a {@link Command.Complete}. Woken by
 * submits, commits that released blocks, the wake timer and a slow safety poll; it claims again
 * at once while claims come back full, so a backlog drains without waiting for a tick. While the
 * claims come back full, each starts where the last stopped ({@link ClaimCursor}); a wake-up
 * sends the next back to the head of the queue.
 */
public final class ClaimLoop {
  private static final Logger LOG = LoggerFactory.getLogger(ClaimLoop.class);
  private static final long WORKER_REPLY_MARGIN_MS = 30_000;

  private record InFlight(long blockId, long sessionId, UUID leaseToken, int attempt, boolean ranged) {
    long claimSalt() {
      return ClaimedRun.claimSalt(leaseToken);
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final String nodeId;
  private final int capacity;
  private final int batchSize;
  private final long leaseMs;
  private final Consumer<Command.Complete> onOutcome;
  private final java.util.function.IntConsumer onClaimed;
  private final HandlerKinds kinds;
  /** How long a stopped run may take to end after its timeout (a command's kill grace). */
  private final long stopGraceMs;
  private final Map<Long, InFlight> inFlight = new HashMap<>();
  /**
   * Fewest free slots a claim waits for while the queue is backed up and runs are in flight: each
   * outcome frees one slot, and claiming at each would make claims of one block, a transaction
   * (and with ranges, a range row) per block.
   */
  private final int minClaim;
  /** This node's ranges whose outcomes are not all committed yet ({@link RangeSettling}). */
  private final RangeSettling ranges;
  private final ClaimCursor cursor = new ClaimCursor(() -> System.nanoTime() / 1_000_000);
  private boolean claiming;
  private boolean wanted;
  private boolean stopping;
  /** Slots promised to transactions that claim blocks directly, not yet dispatched. */
  private int reserved;
  /** Slots the claim in flight may fill. */
  private int claimingLimit;
  /**
   * The queue is backed up: a claim came back full or found no free slot, so due blocks may be
   * waiting for a slot. A freed slot must then claim again, and no transaction may claim
   * directly (it could overtake a waiting block of higher priority). Starts true until the first
   * claim has looked at the queue.
   */
  private boolean starved = true;
  private Promise<Void> drainedPromise;

  public ClaimLoop(Vertx vertx, Pool pool, String nodeId, int capacity, int batchSize, long leaseMs,
            Consumer<Command.Complete> onOutcome, java.util.function.IntConsumer onClaimed, HandlerKinds kinds,
            long stopGraceMs) {
    this.stopGraceMs = stopGraceMs;
    this.onClaimed = onClaimed;
    this.kinds = kinds;
    this.vertx = vertx;
    this.pool = pool;
    this.nodeId = nodeId;
    this.capacity = capacity;
    this.batchSize = batchSize;
    this.leaseMs = leaseMs;
    this.onOutcome = onOutcome;
    this.ranges = new RangeSettling(pool);
    this.minClaim = Math.max(1, Math.min(batchSize, capacity) / 8);
  }

  /** The place in the claim order of the last block a claim of this loop took (null: none yet). */
  public ClaimPosition lastTaken() {
    return cursor.lastTaken();
  }

  public boolean holds(long blockId) {
    return inFlight.containsKey(blockId);
  }

  public int inFlight() {
    return inFlight.size();
  }

  /** Blocks may have become due (anywhere in the claim order): claim, from the head of the queue. */
  public void wake() {
    cursor.restart();
    claimMore();
  }

  /**
   * Sessions were handed to lanes (V14) and nothing was released: claim, from where the last claim
   * stopped in blocks_claimable (every claim reads the lanes from their head). From its head, a
   * claim would step over the dead entry of every block claimed since the last vacuum, and with
   * the work in lanes it finds no live one to stop at: 0.1 to 2.7 s a claim after a drain.
   */
  public void lanesAdded() {
    claimMore();
  }

  /** A slot came free or a claim came back full: claim, from where the last claim stopped. */
  private void claimMore() {
    if (stopping) {
      return;
    }
    if (claiming) {
      wanted = true;
      return;
    }
    int free = free();
    if (free <= 0) {
      starved = true;
      return;
    }
    if (starved && free < minClaim && !inFlight.isEmpty()) {
      return;  // a backlog: wait for a few more slots (the next outcome calls again) rather than claim one by one
    }
    claim(Math.min(free, batchSize));
  }

  private int free() {
    return capacity - inFlight.size() - reserved - claimingLimit;
  }

  /**
   * Promises up to {@code wanted} free slots to a transaction that submits or releases blocks and
   * may claim them itself. Refused while the queue is backed up, so a direct claim never takes
   * the slot of a waiting block of higher priority; while it is not, every due block finds a
   * slot at once and the order of claims does not matter.
   */
  public int reserve(int wanted) {
    if (stopping || starved) {
      return 0;
    }
    int granted = Math.max(0, Math.min(wanted, free()));
    reserved += granted;
    return granted;
  }

  /** Gives back slots a transaction reserved but did not use (or that rolled back). */
  public void unreserve(int slots) {
    reserved -= slots;
    if (slots > 0) {
      claimMore();
    }
  }

  /**
   * Hands blocks a committed transaction claimed directly to the workers; {@code publishRunning}
   * when that transaction published no RUNNING events for them itself (a submit).
   */
  public void dispatchClaimed(List<ClaimedRun> rows, int reservedSlots, boolean publishRunning) {
    reserved -= reservedSlots;
    withResults(rows).onComplete(results -> {
      Map<Long, JsonObject> bySession = results.succeeded() ? results.result() : Map.of();
      rows.forEach(run -> dispatch(run, bySession.get(run.sessionId()), publishRunning));
    });
    if (reservedSlots > rows.size()) {
      claimMore();
    }
  }

  /**
   * Takes over a run that a previous node started and that still goes on (a command's process
   * after a restart), under the lease it already holds: its lease is renewed here from now on, and
   * the worker watches the run instead of starting it. {@code resumed} is what the worker needs
   * to find it again; {@code remainingMs} what is left of its timeout.
   */
  public void dispatchResumed(ClaimedRun run, JsonObject resumed, long remainingMs) {
    dispatch(run, null, false, message -> message.put("resumed", resumed).put("timeoutMs", Math.max(1, remainingMs)));
  }

  private void claim(int limit) {
    claiming = true;
    claimingLimit = limit;
    wanted = false;
    ClaimCursor.Start start = cursor.start();
    BlockStore.claim(pool, limit, nodeId, leaseMs, start.after()).onComplete(ar -> {
      if (ar.failed()) {
        claiming = false;
        claimingLimit = 0;
        cursor.failed();
        LOG.warn("claim failed: {}", ar.cause().toString());
        return;
      }
      List<ClaimedRun> rows = ar.result().runs();
      boolean full = rows.size() == limit;
      cursor.finished(start, ar.result().last(), full);
      onClaimed.accept(rows.size());
      withResults(rows).onComplete(results -> {
        Map<Long, JsonObject> bySession = results.succeeded() ? results.result() : Map.of();
        claimingLimit = 0;
        rows.forEach(run -> dispatch(run, bySession.get(run.sessionId()), true));
        claiming = false;
        // A resumed claim that came back short found the queue empty only after its place: the
        // next, at once, starts from the head, and until it answers the queue counts as backed up.
        starved = full || start.after() != null;
        if (starved || wanted) {
          claimMore();
        }
      });
    });
  }

  /** Handlers whose kind receives results get the session's successful blocks' results by id. */
  private Future<Map<Long, JsonObject>> withResults(List<ClaimedRun> runs) {
    Long[] sessions = runs.stream()
        .filter(r -> kinds.receivesResults(r.handlerType()))
        .map(ClaimedRun::sessionId).distinct().toArray(Long[]::new);
    if (sessions.length == 0) {
      return Future.succeededFuture(Map.of());
    }
    return BlockStore.resultsOfSessions(pool, sessions);
  }

  private void dispatch(ClaimedRun claimed, JsonObject results, boolean publishRunning) {
    dispatch(claimed, results, publishRunning, message -> message);
  }

  private void dispatch(ClaimedRun claimed, JsonObject results, boolean publishRunning,
                        java.util.function.UnaryOperator<JsonObject> adjust) {
    long blockId = claimed.id();
    UUID lease = claimed.leaseToken();
    int attempt = claimed.attempts();
    InFlight run = new InFlight(blockId, claimed.sessionId(), lease, attempt, claimed.ranged());
    inFlight.put(blockId, run);
    if (run.ranged()) {
      ranges.dispatched(run.sessionId(), run.claimSalt());
    }
    String sessionToken = claimed.sessionToken();
    if (publishRunning) {
      publish(Events.blockStatus(sessionToken, claimed.token(), claimed.key(), "RUNNING"));
      if (claimed.sessionNowRunning()) {
        publish(Events.sessionStatus(sessionToken, "RUNNING"));
      }
    }
    JsonObject message = adjust.apply(runMessage(claimed).put("results", results == null ? new JsonObject() : results));
    JsonArray dataset = message.getJsonArray("dataset");
    long timeoutMs = message.getLong("timeoutMs");
    long replyTimeout = timeoutMs * Math.max(1, dataset == null ? 1 : dataset.size()) + stopGraceMs
        + WORKER_REPLY_MARGIN_MS;
    vertx.eventBus().<JsonObject>request(WorkerAddresses.RUN, message, new DeliveryOptions(LocalJsonCodec.OPTIONS).setSendTimeout(replyTimeout))
        .onComplete(ar -> {
          inFlight.remove(blockId);
          JsonObject reply = ar.succeeded() ? ar.result().body()
              : new Outcome.Failed(Outcome.error("WORKER_FAILURE", "worker did not answer: " + ar.cause().getMessage()), true)
                  .toJson().put("runs", new JsonArray());
          Command.Complete complete = new Command.Complete(run.sessionId(), blockId, lease, attempt,
              Outcome.fromJson(reply), runRecords(reply.getJsonArray("runs")), null);
          onOutcome.accept(complete);
          if (run.ranged()) {
            complete.future().onComplete(written -> ranges.settled(run.sessionId(), run.claimSalt(),
                written.succeeded()));
          }
          if (stopping && inFlight.isEmpty() && drainedPromise != null) {
            drainedPromise.tryComplete();
          }
          if (starved) {
            claimMore();
          }
        });
  }

  /** The run as the worker receives it (API.md, "Event bus"); a pipeline's input is the previous result under the params. */
  private static JsonObject runMessage(ClaimedRun run) {
    JsonObject params = run.params();
    JsonObject input = null;
    if (run.pipeline()) {
      input = run.previousResult() != null ? run.previousResult().copy() : new JsonObject();
      if (params != null) {
        input.mergeIn(params);
      }
    }
    return new JsonObject()
        .put("id", run.id())
        .put("leaseToken", run.leaseToken().toString())
        .put("sessionToken", run.sessionToken())
        .put("blockToken", run.token())
        .put("blockId", run.key())
        .put("handler", run.handler())
        .put("params", params == null ? new JsonObject() : params)
        .put("input", input)
        .put("dataset", run.dataset())
        .put("attempt", run.attempts())
        .put("execution", run.executions())
        .put("replayCount", run.replayCount())
        .put("timeoutMs", run.timeoutMs());
  }

  private static List<RunRecord> runRecords(JsonArray runs) {
    List<RunRecord> records = new ArrayList<>();
    if (runs != null) {
      for (int i = 0; i < runs.size(); i++) {
        JsonObject r = runs.getJsonObject(i);
        records.add(new RunRecord(r.getInteger("item", -1), r.getLong("startedAt"), r.getLong("finishedAt"),
            r.getString("status"), r.getJsonObject("error")));
      }
    }
    return records;
  }

  /**
   * Extends the leases of every run this node holds, each under its own token; one statement for
   * all. A lease taken over meanwhile (this node paused past it) stays lost: the run's outcome will
   * be refused by the fence.
   */
  public void renewLeases() {
    if (inFlight.isEmpty()) {
      return;
    }
    Long[] ids = inFlight.keySet().toArray(Long[]::new);
    UUID[] tokens = inFlight.values().stream().map(InFlight::leaseToken).toArray(UUID[]::new);
    BlockStore.renewLeases(pool, ids, tokens, nodeId, leaseMs)
        .onFailure(e -> LOG.warn("lease renewal failed runs={}: {}", ids.length, e.toString()));
    Long[] salts = rangeSalts();
    if (salts.length > 0) {
      BlockStore.renewRanges(pool, salts, nodeId, leaseMs)
          .onFailure(e -> LOG.warn("range renewal failed claims={}: {}", salts.length, e.toString()));
    }
  }

  /** The salts of the claims whose ranges hold runs in flight here. */
  private Long[] rangeSalts() {
    return inFlight.values().stream().filter(InFlight::ranged).map(InFlight::claimSalt)
        .distinct().toArray(Long[]::new);
  }

  /**
   * Stops claiming and waits up to {@code graceMs} for the runs in progress. Runs still going
   * after that get their leases expired, so the next start rescues them at once.
   */
  public Future<Void> drain(long graceMs) {
    stopping = true;
    if (inFlight.isEmpty()) {
      return Future.succeededFuture();
    }
    LOG.info("waiting up to {} ms for {} running block(s)", graceMs, inFlight.size());
    drainedPromise = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, graceMs), id -> drainedPromise.tryComplete());
    return drainedPromise.future().compose(v -> {
      vertx.cancelTimer(timer);
      if (inFlight.isEmpty()) {
        return Future.succeededFuture();
      }
      Long[] ids = inFlight.keySet().toArray(Long[]::new);
      Long[] salts = rangeSalts();
      LOG.warn("{} block(s) still running after the grace; their leases expire now", ids.length);
      return BlockStore.expireLeases(pool, ids, nodeId)
          .compose(expired -> salts.length == 0 ? Future.succeededFuture() : BlockStore.expireRanges(pool, salts, nodeId));
    });
  }

  private void publish(JsonObject event) {
    vertx.eventBus().publish(Addresses.EVENTS, event);
  }
}
