package io.blockline.store;

import io.blockline.session.BlockSpec;
import io.blockline.session.PreparedSession;
import io.blockline.session.SessionMode;
import io.blockline.session.Submission;

import java.util.List;

/**
 * Which sessions of a submit are claimed by ranges from the start (V14). A plain parallel session
 * started now is stored with its lane, as a run call gives one ({@code BlockSql.START_WAITING}),
 * so its blocks are neither released nor claimed row by row: a claim takes a range of them, and
 * each row is written once, at its completion. The same sessions qualify as at a run call; the
 * blocks the submit claims itself ({@link PreparedSession#claimNow}) must be a prefix of the seqs,
 * and the lane starts after them.
 *
 * <p>Only a lane of at least {@link #MIN_BLOCKS} blocks, here as at a run call: a claim reads at most
 * {@code BlockSql.LANES_PER_CLAIM} lanes, so a queue of small sessions' lanes would hand out a few
 * blocks a claim where their released rows fill it (a stream of one-block sessions arriving while
 * the workers are busy), and a lane and its range cost four row writes, more than a small
 * session's rows.
 */
final class SubmitLanes {
  /** The session's blocks are released one by one (no lane). */
  static final int NONE = -1;
  /** The default claim batch (128) over {@code BlockSql.LANES_PER_CLAIM}: four such lanes fill a claim. */
  static final int MIN_BLOCKS = 32;

  private SubmitLanes() {
  }

  /** @return the first seq the session's lane offers, or {@link #NONE} */
  static int laneFrom(PreparedSession p, RangeClaims ranges) {
    Submission s = p.submission;
    if (!ranges.enabled() || !s.plain() || s.mode() != SessionMode.PARALLEL || s.maxParallel() != null) {
      return NONE;
    }
    List<BlockSpec> blocks = s.blocks();
    int priority = blocks.get(0).priority();
    for (int seq = 0; seq < blocks.size(); seq++) {
      BlockSpec b = blocks.get(seq);
      if (!p.startsAtOnce(seq) || b.blocker() || b.interrupt() || b.priority() != priority
          || ranges.excludedTypes().contains(b.handler().getString("type"))) {
        return NONE;
      }
    }
    int claimed = 0;
    while (claimed < blocks.size() && p.claimNow[claimed]) {
      claimed++;
    }
    for (int seq = claimed; seq < blocks.size(); seq++) {
      if (p.claimNow[seq]) {
        return NONE;
      }
    }
    return blocks.size() - claimed >= MIN_BLOCKS ? claimed : NONE;
  }
}
