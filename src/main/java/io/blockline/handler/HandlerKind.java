package io.blockline.handler;

import io.blockline.api.FieldErrors;
import io.blockline.api.JsonFields;

/**
 * One kind of block handler, named by the {@code type} of a block's {@code handler} object: how
 * a submit's handler object is checked, and what runs the block on a worker.
 *
 * <p>An embedding application adds its own kind by implementing this interface and registering
 * it with {@link HandlerKinds#with} before it starts the node:
 * <ul>
 *   <li>{@link #type()}: the {@code type} value it serves; it may not be one of the standard
 *       kinds ({@code builtin}, {@code eventbus}, {@code http}, {@code command}).</li>
 *   <li>{@link #validate}: records every bad field of the handler object in {@code errors}, with
 *       {@code handler.path(field)} as the field name, so the submit's 400 lists them all; call
 *       {@code handler.rejectUnknown(Set.of("type", …))} to refuse fields the kind does not know.
 *       It runs on the dispatcher's event loop: pure, no I/O, never throws.</li>
 *   <li>{@link #receivesResults()}: whether runs get the results of the session's earlier
 *       successful blocks in {@link RunContext#results()} (loading them costs a query).</li>
 *   <li>{@link #takesDataset()}: whether a block of this kind may carry a {@code dataset}.</li>
 *   <li>{@link #claimedInRanges()}: whether its blocks may be claimed by ranges (a started
 *       session's blocks handed out together, each row written once, at its completion).</li>
 *   <li>{@link #handler}: called once per worker verticle on its start; the handler it returns
 *       runs on that verticle's event loop, so it must not block.</li>
 * </ul>
 * Implementations are shared by every verticle of the node and must be immutable.
 */
public interface HandlerKind {
  /** The {@code handler.type} this kind serves. */
  String type();

  /** Checks a submitted handler object whose {@code type} is {@link #type()}; adds an error per bad field. */
  void validate(JsonFields handler, FieldErrors errors);

  /** Whether a run receives the results of earlier blocks; true unless the kind never reads them. */
  default boolean receivesResults() {
    return true;
  }

  /** Whether a block of this kind may have a dataset (one run per item); a submit with one is refused otherwise. */
  default boolean takesDataset() {
    return true;
  }

  /**
   * Whether a block of this kind may be claimed with others of its session as one range (V14),
   * its row written only at its completion; false for a kind whose run records itself against
   * the block's running row (a command's process, found again after a restart).
   */
  default boolean claimedInRanges() {
    return true;
  }

  /** The handler that executes this kind's runs on one worker verticle. */
  BlockHandler handler(HandlerServices services);
}
