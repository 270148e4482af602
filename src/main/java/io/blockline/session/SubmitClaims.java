package io.blockline.session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Picks the blocks a submit's own transaction claims: those that could start at once, as many as
 * the node has free worker slots, higher priority first. The slots are reserved through
 * {@code claim.ClaimLoop#reserve}, which grants them only while the queue is known to be empty, so a
 * block claimed here never overtakes a waiting one.
 */
public final class SubmitClaims {
  private record Candidate(PreparedSession session, int seq, int priority, int order) {
  }

  private SubmitClaims() {
  }

  /**
   * Sets {@link PreparedSession#claimNow} on the chosen blocks.
   *
   * @param reserve asks for n slots and returns how many were granted
   * @return the slots granted (and now used by flagged blocks)
   */
  public static int mark(List<PreparedSession> batch, IntUnaryOperator reserve) {
    List<Candidate> candidates = new ArrayList<>();
    for (PreparedSession p : batch) {
      for (int seq = 0; seq < p.released.length; seq++) {
        if (p.startsAtOnce(seq)) {
          candidates.add(new Candidate(p, seq, p.submission.blocks().get(seq).priority(), candidates.size()));
        }
      }
    }
    if (candidates.isEmpty()) {
      return 0;
    }
    int granted = reserve.applyAsInt(candidates.size());
    if (granted < candidates.size()) {
      candidates.sort(Comparator.comparingInt(Candidate::priority).reversed().thenComparingInt(Candidate::order));
    }
    for (int i = 0; i < granted; i++) {
      Candidate c = candidates.get(i);
      c.session().claimNow[c.seq()] = true;
    }
    return granted;
  }

  /** Released blocks of the batch no one claimed yet: the queue and the other nodes must hear of them. */
  public static boolean leftQueued(List<PreparedSession> batch) {
    for (PreparedSession p : batch) {
      if (!p.startsNow()) {
        continue;
      }
      for (int seq = 0; seq < p.released.length; seq++) {
        if (p.released[seq] && !p.claimNow[seq]) {
          return true;
        }
      }
    }
    return false;
  }
}
