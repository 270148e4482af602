package io.blockline.bench;

/**
 * Sessions of many noop blocks in parallel mode, POSTed by concurrent clients. Seconds: first
 * submit → last block finished_at. Percentiles: per block, session created_at → finished_at.
 * <ul>
 *   <li>bulk-http: 20 sessions × 1,000 blocks, all 20 POSTed at once;</li>
 *   <li>stream: 200 sessions × 500 blocks from 16 clients, while the node runs what came before
 *       (work arriving steadily, not queued first as in backlog).</li>
 * </ul>
 */
final class ParallelSessions implements Scenario {
  private final String name;
  private final int sessions;
  private final int blocksPerSession;
  /** Concurrent clients; 0: one per session, all at once. */
  private final int clients;

  private ParallelSessions(String name, int sessions, int blocksPerSession, int clients) {
    this.name = name;
    this.sessions = sessions;
    this.blocksPerSession = blocksPerSession;
    this.clients = clients;
  }

  static ParallelSessions bulkHttp() {
    return new ParallelSessions("bulk-http", 20, 1_000, 0);
  }

  static ParallelSessions stream() {
    return new ParallelSessions("stream", 200, 500, 16);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Result run(BenchContext ctx) throws Exception {
    int count = ctx.options.size(sessions);
    int concurrency = clients == 0 ? count : clients;
    int n = count * blocksPerSession;
    String owner = ctx.owner(name);
    String body = Bodies.session(owner, "bench " + name, blocksPerSession, "parallel", "NOW").encode();
    long retriesBefore = ctx.http.retries();
    double origin = ctx.db.nowMs();
    BenchContext.Submitted submitted = ctx.submit(count, concurrency, i -> body);
    ctx.log("%d sessions of %d blocks acknowledged in %.2f s", count, blocksPerSession, submitted.seconds());
    ctx.awaitSessions(owner, count, n);
    BlockTimes times = BlockTimes.load(ctx.db, owner);
    Stats submits = Stats.of(submitted.millis());
    return Result.measured(name, owner, count, n, concurrency, origin, times,
            BlockTimes.between(times.sessionCreated, times.blockFinished))
        .extra("submit_s", submitted.seconds())
        .extra("submit_p50_ms", submits.p50())
        .extra("submit_p99_ms", submits.p99())
        .extra("submit_max_ms", submits.max())
        .extra("http_retries", ctx.http.retries() - retriesBefore);
  }
}
