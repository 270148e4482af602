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
  public static final String SESSIONS_DELIVERIES = "blockline.sessions.deliveries";
  public static final String SESSIONS_DELIVERIES_ACK = "blockline.sessions.deliveries.ack";
  /** The operators' overview: {} → sessions by status, the last hour, queues, this node's workers. */
  public static final String OVERVIEW = "blockline.overview";
  /** Pending and dead deliveries of every session: {status,limit,cursor} → {items,nextCursor}. */
  public static final String DELIVERIES_LIST = "blockline.deliveries.list";
  /** The nodes sharing the database: {} → {node (the one answering), nodes: [{id,address,startedAt,heartbeatAt,alive,runningBlocks}]}. */
  public static final String NODES_LIST = "blockline.nodes.list";
  public static final String BLOCKS_GET = "blockline.blocks.get";
  public static final String BLOCKS_REPLAY = "blockline.blocks.replay";
  public static final String BLOCKS_CANCEL = "blockline.blocks.cancel";
  /** {token, stream (stdout|stderr), offset, limit}: a page of a command block's output. */
  public static final String BLOCKS_OUTPUT = "blockline.blocks.output";
  /** Verifies an API key: {@code {key}} → {@code {owner, scopes, prefix}}, or 401. */
  public static final String KEYS_VERIFY = "blockline.keys.verify";
  /** {@code {owner, scopes, name?}} → the new key, shown this once. */
  public static final String KEYS_CREATE = "blockline.keys.create";
  /** {@code {owner?}} → {@code {keys: [...]}} without secrets. */
  public static final String KEYS_LIST = "blockline.keys.list";
  /** {@code {prefix}} → {@code {prefix, revoked: true}}, or 404. */
  public static final String KEYS_REVOKE = "blockline.keys.revoke";
  /** Handlers → dispatcher: an activity line of a running block {sessionToken,blockToken,blockId,level,line,at}. */
  public static final String BLOCKS_ACTIVITY = "blockline.blocks.activity";
  /** Published to handlers: stop the run of {blockToken} (reason cancelled or timeout). */
  public static final String BLOCKS_STOP = "blockline.blocks.stop";
  /** Reply header an eventbus handler sets when its reply body is {error:{code,message,details}}. */
  public static final String ERROR_HEADER = "blockline-error";
  /**
   * With {@code auth.eventBus}: the API key of a call, {@code Bearer <key>} (or the key alone),
   * as a message header.
   */
  public static final String AUTHORIZATION_HEADER = "authorization";
  /** Published state changes: session.status, block.status, block.activity. */
  public static final String EVENTS = "blockline.events";

  private Addresses() {
  }
}
