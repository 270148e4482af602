package io.blockline.store;

import io.blockline.session.BlockSpec;
import io.blockline.session.PreparedSession;
import io.blockline.session.Submission;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes submitted sessions and all their blocks with one statement ({@link SessionSql#INSERT_MANY}),
 * claiming the blocks flagged in {@link PreparedSession#claimNow} for this node on the way.
 */
public final class SessionStore {
  private SessionStore() {
  }

  /**
   * Inserts every session of a group commit: one statement, so atomic on its own (the caller
   * wraps it in a transaction only to add a NOTIFY).
   *
   * @return the blocks claimed by the insert, in {@code BlockSql.CLAIM}'s shape
   */
  public static Future<List<Row>> insert(SqlClient client, List<PreparedSession> sessions, String nodeId, long leaseMs) {
    List<Object> params = new ArrayList<>(sessionParams(sessions));
    params.addAll(blockParams(sessions));
    params.add(nodeId);
    params.add(leaseMs);
    params.add(requiredSeqs(sessions));
    return client.preparedQuery(SessionSql.INSERT_MANY).execute(Tuple.tuple(params)).map(rows -> {
      List<Row> claimed = new ArrayList<>(rows.size());
      rows.forEach(claimed::add);
      return claimed;
    });
  }

  private static List<Object> sessionParams(List<PreparedSession> sessions) {
    int n = sessions.size();
    String[] tokens = new String[n], names = new String[n], owners = new String[n], times = new String[n];
    String[] modes = new String[n], metadata = new String[n], callbacks = new String[n], statuses = new String[n];
    Integer[] priorities = new Integer[n], maxParallel = new Integer[n], blockCounts = new Integer[n];
    Integer[] waiting = new Integer[n];
    Boolean[] started = new Boolean[n];
    for (int i = 0; i < n; i++) {
      PreparedSession p = sessions.get(i);
      Submission s = p.submission;
      tokens[i] = p.token;
      names[i] = s.name();
      owners[i] = s.owner();
      times[i] = s.executionTime().name();
      priorities[i] = s.priority();
      modes[i] = s.mode().wire();
      maxParallel[i] = s.maxParallel();
      metadata[i] = encode(s.metadata());
      callbacks[i] = encode(s.callback());
      started[i] = p.startsNow();
      statuses[i] = p.storedStatus().name();
      blockCounts[i] = s.blockCount();
      int unreleased = 0;
      for (boolean released : p.released) {
        unreleased += released ? 0 : 1;
      }
      waiting[i] = unreleased;
    }
    return List.of(tokens, names, owners, times, priorities, modes, maxParallel, metadata, callbacks,
        started, statuses, blockCounts, waiting);
  }

  private static List<Object> blockParams(List<PreparedSession> sessions) {
    int n = sessions.stream().mapToInt(p -> p.submission.blockCount()).sum();
    String[] tokens = new String[n], keys = new String[n], names = new String[n], handlers = new String[n];
    String[] params = new String[n], datasets = new String[n], requires = new String[n], retries = new String[n];
    String[] sessionToken = new String[n];
    Long[] delays = new Long[n], timeouts = new Long[n];
    Integer[] seqs = new Integer[n], priorities = new Integer[n];
    Boolean[] blocker = new Boolean[n], replayable = new Boolean[n], interrupt = new Boolean[n], released = new Boolean[n];
    Boolean[] claim = new Boolean[n];
    int i = 0;
    for (PreparedSession p : sessions) {
      List<BlockSpec> specs = p.submission.blocks();
      for (int seq = 0; seq < specs.size(); seq++, i++) {
        BlockSpec b = specs.get(seq);
        tokens[i] = p.blockTokens.get(seq);
        sessionToken[i] = p.token;
        seqs[i] = seq;
        keys[i] = b.id();
        names[i] = b.name();
        handlers[i] = encode(b.handler());
        params[i] = encode(b.params());
        datasets[i] = b.dataset() == null ? null : b.dataset().encode();
        requires[i] = new JsonArray(new ArrayList<>(b.requires())).encode();
        blocker[i] = b.blocker();
        replayable[i] = b.replayable();
        retries[i] = encode(b.retry());
        delays[i] = b.delayMs();
        priorities[i] = b.priority();
        timeouts[i] = b.timeoutMs();
        interrupt[i] = b.interrupt();
        released[i] = p.released[seq];
        claim[i] = p.claimNow[seq];
      }
    }
    return List.of(sessionToken, tokens, seqs, keys, names, handlers, params, datasets, requires, blocker,
        replayable, retries, delays, priorities, timeouts, interrupt, released, claim);
  }

  /** Each block's requirements as the seqs of the blocks they name (ids are unique per session, case-insensitively). */
  private static String[] requiredSeqs(List<PreparedSession> sessions) {
    List<String> all = new ArrayList<>();
    for (PreparedSession p : sessions) {
      List<BlockSpec> specs = p.submission.blocks();
      java.util.Map<String, Integer> seqOf = null;   // built only for a session that has requirements
      for (BlockSpec b : specs) {
        if (b.requires().isEmpty()) {
          all.add("[]");
          continue;
        }
        if (seqOf == null) {
          seqOf = new java.util.HashMap<>();
          for (int seq = 0; seq < specs.size(); seq++) {
            seqOf.put(specs.get(seq).id().toLowerCase(java.util.Locale.ROOT), seq);
          }
        }
        JsonArray seqs = new JsonArray();
        for (String key : b.requires()) {
          seqs.add(seqOf.get(key.toLowerCase(java.util.Locale.ROOT)));
        }
        all.add(seqs.encode());
      }
    }
    return all.toArray(String[]::new);
  }

  private static String encode(JsonObject json) {
    return json == null ? null : json.encode();
  }
}
