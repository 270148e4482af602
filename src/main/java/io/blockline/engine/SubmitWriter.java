package io.blockline.engine;

import io.blockline.api.ProblemException;
import io.blockline.block.ClaimedRun;
import io.blockline.db.Transactions;
import io.blockline.session.PreparedSession;
import io.blockline.session.SubmitClaims;
import io.blockline.store.KeyStore;
import io.blockline.store.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.util.List;

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

    /** A NOTIFY for the other nodes, sent in the submit's own transaction. */
    Future<Void> notifyInTransaction(SqlClient tx);

    /** After the commit, the callers answered: hand the claimed blocks on, wake who must hear. */
    void committed(List<PreparedSession> batch, List<ClaimedRun> claimed, int slots, boolean queued, long nanos);
  }

  private final Pool pool;
  private final String nodeId;
  private final long leaseMs;
  private final FollowUp followUp;
  // One group commit at a time: measured, two in flight made smaller batches and less throughput.
  // Bounded in blocks too: a burst of large sessions (up to 256 of 10,000 blocks) would otherwise
  // be one statement of millions of rows, its parameter arrays all on the heap at once.
  private final Batcher<PreparedSession> batcher =
      new Batcher<>(SUBMIT_BATCH, 1, p -> p.submission.blockCount(), SUBMIT_BLOCKS, this::store);

  public SubmitWriter(Pool pool, String nodeId, long leaseMs, FollowUp followUp) {
    this.pool = pool;
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
            Future<List<ClaimedRun>> insert = SessionStore.insert(tx.conn, List.of(p), nodeId, leaseMs);
            Future<Void> notify = followUp.notifyInTransaction(tx.conn);
            return Future.all(insert, notify).map(v -> (JsonObject) null);
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

  public boolean idle() {
    return batcher.idle();
  }

  private Future<Void> store(List<PreparedSession> batch) {
    int slots = SubmitClaims.mark(batch, followUp::reserve);
    boolean queued = SubmitClaims.leftQueued(batch);
    long started = System.nanoTime();
    // One statement commits on its own (one round trip); blocks left queued also NOTIFY the other
    // nodes, in the same transaction so that they never look before the rows are there.
    Future<List<ClaimedRun>> stored = !queued
        ? SessionStore.insert(pool, batch, nodeId, leaseMs)
        : Transactions.run(pool, tx -> {
          Future<List<ClaimedRun>> insert = SessionStore.insert(tx.conn, batch, nodeId, leaseMs);
          Future<Void> notify = followUp.notifyInTransaction(tx.conn);
          return Future.all(insert, notify, tx.commit()).map(v -> insert.result());
        });
    return stored
        .onSuccess(claimed -> {
          // Callers first: they wait for this commit; the workers' hand-off can follow.
          for (PreparedSession p : batch) {
            p.reply.tryComplete(p.receipt());
          }
          followUp.committed(batch, claimed, slots, queued, System.nanoTime() - started);
        })
        .onFailure(e -> {
          followUp.unreserve(slots);
          LOG.error("submit of {} session(s) failed: {}", batch.size(), e.toString());
          batch.forEach(p -> p.reply.tryFail(new ProblemException(503,
              "the session could not be stored: " + e.getMessage())));
        })
        .mapEmpty();
  }
}
