package io.blockline.engine;

import io.blockline.api.ProblemException;
import io.blockline.block.ClaimPosition;
import io.blockline.block.ClaimedRun;
import io.blockline.db.Transactions;
import io.blockline.session.PreparedSession;
import io.blockline.session.SubmitClaims;
import io.blockline.store.KeyStore;
import io.blockline.store.RangeClaims;
import io.blockline.store.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Group-commits submits: a batch of validated sessions is written with one statement, which also
 * claims the blocks that can start at once for this node's free workers (see {@link SubmitClaims}),
 * and every caller is answered after that commit, before the workers get the claimed blocks.
 */
public final class SubmitWriter {
  private static final Logger LOG = LoggerFactory.getLogger(SubmitWriter.class);
  private static final int SUBMIT_BATCH = 256;
  /** Blocks of one submit flush at most (a session larger than that is written alone). */
  private static final int SUBMIT_BLOCKS = 4_000;

  /** What a submit's commit causes outside the database (the claim side implements it). */
  public interface FollowUp {
    /** @return how many of {@code wanted} worker slots the submit may fill itself */
    int reserve(int wanted);

    void unreserve(int slots);

    /** The place in the claim order of the last block this node's claims took (null: none yet). */
    ClaimPosition lastTaken();

    /** A NOTIFY for the other nodes, sent in the submit's own transaction. */
    Future<Void> notifyInTransaction(SqlClient tx);

    /** After the commit, the callers answered: hand the claimed blocks on, wake who must hear. */
    void committed(List<PreparedSession> batch, List<ClaimedRun> claimed, int slots, boolean queued, long nanos);
  }

  private final Pool pool;
  private final String nodeId;
  private final long leaseMs;
  private final RangeClaims ranges;
  private final FollowUp followUp;
  private final ActiveSessionQuota quota;
  // One group commit at a time: measured, two in flight made smaller batches and less throughput.
  // Bounded in blocks too: a burst of large sessions (up to 256 of 10,000 blocks) would otherwise
  // be one statement of millions of rows, its parameter arrays all on the heap at once.
  private final Batcher<PreparedSession> batcher =
      new Batcher<>(SUBMIT_BATCH, 1, p -> p.submission.blockCount(), SUBMIT_BLOCKS, this::store);

  public SubmitWriter(Pool pool, String nodeId, long leaseMs, RangeClaims ranges, FollowUp followUp,
                      ActiveSessionQuota quota) {
    this.pool = pool;
    this.ranges = ranges;
    this.quota = quota;
    this.nodeId = nodeId;
    this.leaseMs = leaseMs;
    this.followUp = followUp;
  }

  public void add(PreparedSession session) {
    batcher.add(session);
  }

  /**
   * A submit with an idempotency key, in a transaction of its own that first takes the key
   * ({@code KeySql.TAKE_IDEMPOTENCY_KEY}): the first submit with a key stores the session and its
   * receipt; a later one with the same body gets that receipt back ({@code replayed: true}), with
   * another body a 409. A concurrent submit with the same key waits for the first one's commit.
   * Its blocks are left to the claim loop (no direct claim: it is not the hot path).
   *
   * @param owner '' for an unscoped caller
   */
  public Future<JsonObject> addIdempotent(PreparedSession p, String owner, String key, byte[] bodyHash) {
    long started = System.nanoTime();
    JsonObject receipt = p.receipt();
    return Transactions.run(pool, tx -> KeyStore.takeIdempotencyKey(tx.conn, owner, key, bodyHash, receipt)
        .compose(taken -> {
          if (taken) {
            return admitOne(tx, p).compose(v -> {
              Future<List<ClaimedRun>> insert = SessionStore.insert(tx.conn, List.of(p), nodeId, leaseMs, ranges,
                  followUp.lastTaken());
              Future<Void> notify = followUp.notifyInTransaction(tx.conn);
              return Future.all(insert, notify).map(none -> (JsonObject) null);
            });
          }
          return KeyStore.findIdempotencyKey(tx.conn, owner, key).compose(first -> {
            if (first == null) {
              return Future.failedFuture(new ProblemException(409, "Idempotency-Key " + key
                  + " is being used by a submit that has not finished; retry"));
            }
            if (!MessageDigest.isEqual(first.bodyHash(), bodyHash)) {
              return Future.failedFuture(ProblemException.conflict("Idempotency-Key " + key
                  + " was used with a different body in the last 24 hours"));
            }
            return Future.succeededFuture(first.receipt().copy().put("replayed", true));
          });
        }))
        .map(replayed -> {
          if (replayed != null) {
            return replayed;
          }
          followUp.committed(List.of(p), List.of(), 0, true, System.nanoTime() - started);
          return receipt;
        });
  }

  /** The quota's check of one session; a refusal fails the transaction, so the key is not taken either. */
  private Future<Void> admitOne(Transactions.Tx tx, PreparedSession p) {
    return quota.enabled() ? quota.admitOne(tx.conn, p) : Future.succeededFuture();
  }

  public boolean idle() {
    return batcher.idle();
  }

  private Future<Void> store(List<PreparedSession> batch) {
    return quota.enabled() ? storeWithinQuota(batch) : storeAll(batch);
  }

  private Future<Void> storeAll(List<PreparedSession> batch) {
    Flush flush = flush(batch);
    // One statement commits on its own (one round trip); blocks left queued also NOTIFY the other
    // nodes, in the same transaction so that they never look before the rows are there.
    Future<List<ClaimedRun>> stored = !flush.queued
        ? SessionStore.insert(pool, batch, nodeId, leaseMs, ranges, followUp.lastTaken())
        : Transactions.run(pool, tx -> write(tx, flush));
    return settle(batch, () -> flush, stored);
  }

  /** The owners' unfinished sessions are counted and the admitted ones inserted in one transaction. */
  private Future<Void> storeWithinQuota(List<PreparedSession> batch) {
    AtomicReference<Flush> flush = new AtomicReference<>();
    Future<List<ClaimedRun>> stored = Transactions.run(pool, tx -> quota.admit(tx.conn, batch).compose(admitted -> {
      flush.set(flush(admitted));
      return admitted.isEmpty() ? Future.succeededFuture(List.of()) : write(tx, flush.get());
    }));
    return settle(batch, flush::get, stored);
  }

  /** The sessions of one write, their blocks marked for this node's free workers (which reserves the slots). */
  private record Flush(List<PreparedSession> sessions, int slots, boolean queued, long started) {
  }

  private Flush flush(List<PreparedSession> sessions) {
    int slots = SubmitClaims.mark(sessions, followUp::reserve);
    return new Flush(sessions, slots, SubmitClaims.leftQueued(sessions), System.nanoTime());
  }

  private Future<List<ClaimedRun>> write(Transactions.Tx tx, Flush flush) {
    Future<List<ClaimedRun>> insert = SessionStore.insert(tx.conn, flush.sessions, nodeId, leaseMs, ranges,
        followUp.lastTaken());
    Future<Void> notify = flush.queued ? followUp.notifyInTransaction(tx.conn) : Future.succeededFuture();
    return Future.all(insert, notify, tx.commit()).map(v -> insert.result());
  }

  /** @param flush what was written (null when the transaction failed before the quota's count) */
  private Future<Void> settle(List<PreparedSession> batch, Supplier<Flush> flush, Future<List<ClaimedRun>> stored) {
    return stored
        .onSuccess(claimed -> {
          Flush f = flush.get();
          // Callers first: they wait for this commit; the workers' hand-off can follow.
          for (PreparedSession p : f.sessions) {
            p.reply.tryComplete(p.receipt());
          }
          if (!f.sessions.isEmpty()) {
            followUp.committed(f.sessions, claimed, f.slots, f.queued, System.nanoTime() - f.started);
          }
        })
        .onFailure(e -> {
          Flush f = flush.get();
          if (f != null) {
            followUp.unreserve(f.slots);
          }
          LOG.error("submit of {} session(s) failed: {}", batch.size(), e.toString());
          batch.forEach(p -> p.reply.tryFail(new ProblemException(503,
              "the session could not be stored: " + e.getMessage())));
        })
        .mapEmpty();
  }
}
