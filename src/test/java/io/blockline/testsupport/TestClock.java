package io.blockline.testsupport;

import io.blockline.claim.NodeSignals;
import io.blockline.db.DatabaseTarget;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time a test moves instead of waiting for it. Both of a node's clocks run at real time plus an
 * offset that {@link #advance} adds to: the Java one (this clock, given to the node) and the
 * database's {@code now()} (see {@link TestDatabase#freshWithMovableClock}), which decides due
 * times, retries, leases and retention. An advance ends with a NOTIFY on the nodes' wake-up
 * channel, so what just became due is claimed or sent at once rather than at the next poll.
 */
public final class TestClock extends Clock {
  private final DatabaseTarget database;
  private final AtomicLong offsetMs = new AtomicLong();

  public TestClock(DatabaseTarget database) {
    this.database = database;
  }

  /** Moves both clocks forward and wakes the nodes on {@code database}. */
  public void advance(Duration by) {
    long offset = offsetMs.addAndGet(by.toMillis());
    TestDatabase.execute(database, "UPDATE blockline_clock.offset_ms SET ms = " + offset
        + "; SELECT pg_notify('" + NodeSignals.CHANNEL + "', 'test-clock')");
  }

  @Override
  public Instant instant() {
    return Instant.now().plusMillis(offsetMs.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a test clock stays in UTC");
  }
}
