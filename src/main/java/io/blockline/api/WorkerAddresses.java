package io.blockline.api;

/** Internal addresses between the dispatcher and its workers: runs stay on the node, stops reach every member. */
public final class WorkerAddresses {
  /** Dispatcher → worker: a claimed run; the reply is its outcome. */
  public static final String RUN = "blockline.internal.worker.run";
  /** Dispatcher → workers of every member (publish): stop the run of this block token. */
  public static final String STOP = "blockline.internal.worker.stop";

  private WorkerAddresses() {
  }
}
