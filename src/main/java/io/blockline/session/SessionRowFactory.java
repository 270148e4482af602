package io.blockline.session;


/** Builds the planner's view of a session that is not stored yet. */
public final class SessionRowFactory {
  private SessionRowFactory() {
  }

  public static SessionRow fresh(Submission submission, boolean started) {
    return new SessionRow(0, null, submission.owner(), submission.mode(), submission.maxParallel(),
        SessionStatus.STANDBY, started, false, null, submission.callback() != null);
  }
}
