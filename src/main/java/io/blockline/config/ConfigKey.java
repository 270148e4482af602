package io.blockline.config;

import java.util.List;
import java.util.Locale;

/**
 * Every configuration key Blockline reads: its dotted name, its type, its default and what it is for.
 * This table is the one source for defaults, the environment variable names and the README's table.
 */
public enum ConfigKey {
  SERVER_EVENT_LOOPS("server.eventLoops", Type.NON_NEGATIVE_LONG, 0L,
      "Vert.x event-loop threads; 0 = one per CPU core (fewer hand-offs between threads than Vert.x's two per core)"),
  HTTP_HOST("http.host", Type.STRING, "0.0.0.0", "interface the HTTP server binds"),
  HTTP_PORT("http.port", Type.PORT, 8080, "HTTP port (0 picks a free one)"),
  HTTP_MAX_BODY_BYTES("http.maxBodyBytes", Type.POSITIVE_LONG, 1_048_576L, "largest request body accepted (413 above)"),
  AUTH_ENABLED("auth.enabled", Type.BOOLEAN, false,
      "require an API key (Authorization: Bearer) on every /v1 request; turn it on for any shared deployment"),
  AUTH_EVENT_BUS("auth.eventBus", Type.BOOLEAN, false,
      "require an API key (message header authorization) on event-bus API calls too; HTTP calls pass theirs on"),
  AUTH_CACHE_MS("auth.cacheMs", Type.POSITIVE_LONG, 5_000L,
      "how long a node trusts a verified key before asking the database again (a revoked key works at most this long)"),
  AUTH_ADMIN_KEY_FILE("auth.adminKeyFile", Type.STRING, "data/admin.key",
      "where a first admin key is written when authentication is on and no admin key exists"),
  QUOTAS_SUBMITS_PER_SECOND("quotas.submitsPerSecond", Type.NON_NEGATIVE_DOUBLE, 0.0,
      "HTTP submits per second per owner and node (token bucket; 429 with Retry-After above); 0 = unlimited"),
  QUOTAS_SUBMIT_BURST("quotas.submitBurst", Type.NON_NEGATIVE_DOUBLE, 0.0,
      "submits an owner may save up and send at once; 0 = one second's worth"),
  QUOTAS_MAX_BLOCKS_PER_SUBMIT("quotas.maxBlocksPerSubmit", Type.NON_NEGATIVE_LONG, 0L,
      "most blocks in one HTTP submit (400 naming blocks above); 0 = unlimited"),
  QUOTAS_MAX_ACTIVE_SESSIONS("quotas.maxActiveSessions", Type.NON_NEGATIVE_LONG, 0L,
      "most unfinished (waiting, running, paused) sessions per owner, all nodes together (429 above); 0 = unlimited"),
  HTTP_MAX_HEADER_BYTES("http.maxHeaderBytes", Type.POSITIVE_INT, 8_192, "largest request head, all headers together (431 above)"),
  HTTP_REQUEST_TIMEOUT_MS("http.requestTimeoutMs", Type.POSITIVE_LONG, 30_000L,
      "a /v1 request not answered in this long gets 503 (408 while its body is still arriving); ?wait adds its wait, event streams have none"),
  HTTP_IDLE_TIMEOUT_SECONDS("http.idleTimeoutSeconds", Type.NON_NEGATIVE_LONG, 330L,
      "a connection with nothing read or written for this long is closed (longer than the longest ?wait); 0 = never"),
  HTTP_MAX_JSON_DEPTH("http.maxJsonDepth", Type.POSITIVE_INT, 64, "deepest nesting of a JSON request body (400 above)"),
  HTTP_TLS_CERT_PATH("http.tls.certPath", Type.STRING, "",
      "PEM certificate chain; with http.tls.keyPath the node serves HTTPS only"),
  HTTP_TLS_KEY_PATH("http.tls.keyPath", Type.STRING, "", "PEM private key (PKCS#8) of http.tls.certPath"),
  HTTP_CORS_ORIGINS("http.cors.origins", Type.STRING, "",
      "comma-separated origins browsers may call /v1 from (CORS); empty = CORS off"),
  PG_URI("pg.uri", Type.STRING, "", "PostgreSQL URI, e.g. postgresql://user:pw@host:5432/db; empty starts an embedded PostgreSQL"),
  PG_POOL_SIZE("pg.poolSize", Type.POSITIVE_INT, 6, "connections in the reactive pool"),
  PG_CONNECT_MAX_BACKOFF_MS("pg.connectMaxBackoffMs", Type.POSITIVE_LONG, 30_000L, "longest wait between attempts to reach pg.uri"),
  EMBEDDED_DATA_DIR("embedded.dataDir", Type.STRING, "data/pg", "data directory of the embedded PostgreSQL, kept across restarts"),
  EMBEDDED_PORT("embedded.port", Type.PORT, 0, "port of the embedded PostgreSQL (0 picks a free one)"),
  EMBEDDED_UNIX_SOCKET("embedded.unixSocket", Type.BOOLEAN, true,
      "the pool reaches the embedded PostgreSQL over a Unix socket in its data directory (Linux); false: TCP"),
  EMBEDDED_SETTINGS("embedded.settings", Type.LIST, List.of(),
      "extra server settings of the embedded PostgreSQL as name=value, e.g. shared_buffers=512MB (a value with a comma needs the JSON array form); fsync, synchronous_commit and full_page_writes stay on"),
  WORKERS_CONCURRENCY("workers.concurrency", Type.POSITIVE_INT, 256, "runs executing at once on this node"),
  DISPATCHER_LIVE_INTERVAL_MS("dispatcher.liveIntervalMs", Type.POSITIVE_LONG, 1_000L, "live loop: starts ASAP sessions, safety poll for ready blocks"),
  DISPATCHER_LATER_INTERVAL_MS("dispatcher.laterIntervalMs", Type.POSITIVE_LONG, 600_000L, "periodic sweep that starts LATER sessions"),
  DISPATCHER_CLAIM_BATCH("dispatcher.claimBatch", Type.POSITIVE_INT, 256, "most blocks claimed by one statement"),
  DISPATCHER_CLAIM_RANGES("dispatcher.claimRanges", Type.BOOLEAN, true,
      "claim a started plain parallel session's blocks by ranges, writing each block once, at its completion (false: block by block)"),
  DISPATCHER_LEASE_MS("dispatcher.leaseMs", Type.POSITIVE_LONG, 30_000L, "lease of a claimed block, renewed while it runs"),
  DISPATCHER_ENGINE_LINGER_MS("dispatcher.engineLingerMs", Type.NON_NEGATIVE_LONG, 5L,
      "under steady load, how long the engine's next transaction waits for more state changes (fewer, larger transactions; idle, it never waits); 0 = never"),
  DISPATCHER_RESCUE_INTERVAL_MS("dispatcher.rescueIntervalMs", Type.POSITIVE_LONG, 15_000L, "how often expired leases are looked for"),
  BLOCKS_DEFAULT_TIMEOUT_MS("blocks.defaultTimeoutMs", Type.POSITIVE_LONG, 300_000L, "timeout of a run when the block names none"),
  RETRY_INITIAL_DELAY_MS("retry.initialDelayMs", Type.POSITIVE_LONG, 6_000L, "default back-off: first retry delay (6 s)"),
  RETRY_MULTIPLIER("retry.multiplier", Type.FACTOR, 6.0, "default back-off: factor between retries (6^n s)"),
  RETRY_MAX_DELAY_MS("retry.maxDelayMs", Type.POSITIVE_LONG, 46_656_000L, "default back-off: longest delay (6^6 s, about 13 h)"),
  HANDLERS_HTTP_ALLOW_PRIVATE("handlers.http.allowPrivate", Type.BOOLEAN, false,
      "let http handlers and callbacks reach loopback, link-local and private addresses"),
  HANDLERS_HTTP_ALLOW_HOSTS("handlers.http.allowHosts", Type.STRING, "",
      "comma-separated host names http handlers and callbacks may reach even when private"),
  DELIVERIES_MAX_AGE_MS("deliveries.maxAgeMs", Type.POSITIVE_LONG, 86_400_000L,
      "a completion delivery not acknowledged within this age is marked DEAD"),
  DELIVERIES_SECRET("deliveries.secret", Type.STRING, "",
      "when set, HTTP callbacks carry X-Blockline-Signature: sha256=HMAC-SHA256(secret, body)"),
  HANDLERS_COMMAND_ENABLED("handlers.command.enabled", Type.BOOLEAN, false,
      "run command blocks (operating-system processes); off unless set"),
  HANDLERS_COMMAND_ALLOW("handlers.command.allow", Type.LIST, List.of(),
      "comma-separated executables (bare names, looked up on PATH) or absolute paths that a command's argv[0] must equal"),
  HANDLERS_COMMAND_ALLOW_SHELL("handlers.command.allowShell", Type.BOOLEAN, false,
      "accept {\"shell\":\"…\"} commands, run by /bin/sh -c (a shell runs anything, whatever allow lists)"),
  HANDLERS_COMMAND_WORK_DIR("handlers.command.workDir", Type.STRING, "data/commands",
      "each command run gets its own directory under this one: output files, exit marker, working directory"),
  HANDLERS_COMMAND_MAX_CONCURRENT("handlers.command.maxConcurrent", Type.POSITIVE_INT, 8,
      "command processes running at once on this node; further command runs wait for one to end"),
  HANDLERS_COMMAND_ENV("handlers.command.env", Type.LIST, List.of(),
      "comma-separated names of the server's environment variables passed to commands; no other is (PATH defaults to /usr/local/bin:/usr/bin:/bin)"),
  HANDLERS_COMMAND_MAX_OUTPUT_BYTES("handlers.command.maxOutputBytes", Type.POSITIVE_LONG, 67_108_864L,
      "bytes kept of each of a run's stdout and stderr (64 MiB); the rest is dropped and the stream marked truncated"),
  HANDLERS_COMMAND_KILL_GRACE_MS("handlers.command.killGraceMs", Type.NON_NEGATIVE_LONG, 5_000L,
      "after SIGTERM to a command's process group (timeout, cancel, stale), how long before SIGKILL"),
  HANDLERS_COMMAND_STALE_AFTER_MS("handlers.command.staleAfterMs", Type.POSITIVE_LONG, 86_400_000L,
      "a command process running longer than this is killed as stale (24 h)"),
  RETENTION_SUCCESS_MS("retention.successMs", Type.POSITIVE_LONG, 604_800_000L,
      "a SUCCESS session is deleted this long after it finished (7 days)"),
  RETENTION_FAILURE_MS("retention.failureMs", Type.POSITIVE_LONG, 2_592_000_000L,
      "an ERROR or CANCELLED session is deleted this long after it finished (30 days)"),
  RETENTION_INTERVAL_MS("retention.intervalMs", Type.POSITIVE_LONG, 60_000L, "how often finished sessions are pruned"),
  CLUSTER_ENABLED("cluster.enabled", Type.BOOLEAN, false,
      "join the other nodes in a Vert.x event bus clustered with Hazelcast (the event-bus API and eventbus handlers then work from any member)"),
  CLUSTER_MEMBERS("cluster.members", Type.LIST, List.of("127.0.0.1"),
      "comma-separated host or host:port of the members to join over TCP/IP (Hazelcast's port 5701 when none is given)"),
  CLUSTER_MULTICAST("cluster.multicast", Type.BOOLEAN, false, "find the members by multicast instead of cluster.members"),
  CLUSTER_HOST("cluster.host", Type.STRING, "127.0.0.1",
      "address this node's cluster traffic binds and is reached at; also the host /v1/nodes shows when http.host is a wildcard"),
  CLUSTER_PORT("cluster.port", Type.PORT, 5701, "Hazelcast port of this member (the next free one above it when taken)"),
  CLUSTER_NAME("cluster.name", Type.STRING, "blockline", "only members with the same name join each other"),
  CLUSTER_HEARTBEAT_MS("cluster.heartbeatMs", Type.POSITIVE_LONG, 2_000L,
      "how often a node writes its heartbeat to the nodes table (clustered or not) and looks for dead nodes"),
  CLUSTER_DEAD_AFTER_MS("cluster.deadAfterMs", Type.POSITIVE_LONG, 5_000L,
      "a node whose heartbeat is older than this is dead: another node rescues its running blocks at once"),
  SHUTDOWN_GRACE_MS("shutdown.graceMs", Type.NON_NEGATIVE_LONG, 10_000L, "on SIGTERM, how long running blocks may finish");

  /** Value kinds, each with its own parse and range rule. */
  public enum Type { STRING, LIST, BOOLEAN, PORT, POSITIVE_INT, POSITIVE_LONG, NON_NEGATIVE_LONG, POSITIVE_DOUBLE, NON_NEGATIVE_DOUBLE, FACTOR }

  public final String key;
  public final Type type;
  public final Object defaultValue;
  public final String description;

  ConfigKey(String key, Type type, Object defaultValue, String description) {
    this.key = key;
    this.type = type;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** {@code http.maxBodyBytes} → {@code BLOCKLINE_HTTP_MAX_BODY_BYTES}. */
  public String envVar() {
    return "BLOCKLINE_" + key.replace('.', '_').replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  /** {@code http.port} → {@code -Dblockline.http.port}. */
  public String systemProperty() {
    return "blockline." + key;
  }
}
