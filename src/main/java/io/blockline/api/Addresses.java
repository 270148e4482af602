package io.blockline.api;

/** Every event-bus address of Blockline's API (see API.md, "Event bus"). */
public final class Addresses {
  public static final String SESSIONS_SUBMIT = "blockline.sessions.submit";
  public static final String SESSIONS_GET = "blockline.sessions.get";
  public static final String SESSIONS_LIST = "blockline.sessions.list";
  public static final String SESSIONS_RUN = "blockline.sessions.run";
  public static final String SESSIONS_CANCEL = "blockline.sessions.cancel";
  public static final String SESSIONS_PROCEED = "blockline.sessions.proceed";
  public static final String SESSIONS_DELETE = "blockline.sessions.delete";
  public static final String SESSIONS_MOCK = "blockline.sessions.mock";
  public static final String BLOCKS_GET = "blockline.blocks.get";
  public static final String BLOCKS_REPLAY = "blockline.blocks.replay";
  public static final String BLOCKS_CANCEL = "blockline.blocks.cancel";
  /** Published state changes: session.status, block.status, block.activity. */
  public static final String EVENTS = "blockline.events";

  private Addresses() {
  }
}
