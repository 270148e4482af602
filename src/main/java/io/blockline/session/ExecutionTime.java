package io.blockline.session;

/** How soon a submitted session may start. */
public enum ExecutionTime {
  /** Dispatched at once, in the submit transaction. */
  NOW,
  /** Started by the live loop's next tick. */
  ASAP,
  /** Started by the periodic sweep. */
  LATER,
  /** Started only by {@code POST /v1/sessions/{token}/run}. */
  ON_REQUEST
}
