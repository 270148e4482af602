package io.blockline.engine;

import io.blockline.session.PreparedSession;

/**
 * Where the surfaces hand work to this node's engine: validated submits, group-committed by
 * {@link SubmitWriter}, and every other state change as a {@link Command}. Each answers through its
 * own promise ({@link PreparedSession#reply}, {@link Command#future()}).
 */
public interface Intake {
  void submit(PreparedSession session);

  void command(Command command);
}
