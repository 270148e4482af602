package io.blockline.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * API keys verified lately, each trusted for {@code auth.cacheMs} before the database is asked
 * again (so a revoked key works at most that long), at most 10,000 of them (the least recently
 * used go first). Shared by the HTTP gate and the event-bus gate; safe from any thread.
 */
public final class VerifiedKeys {
  private static final int MAX_CACHED = 10_000;
  private final long cacheNanos;
  private final Map<String, Remembered> verified = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
      return size() > MAX_CACHED;
    }
  };

  private record Remembered(Caller caller, long untilNanos) {
  }

  public VerifiedKeys(long cacheMs) {
    this.cacheNanos = cacheMs * 1_000_000L;
  }

  /** @return the key's caller while it is trusted, else null */
  public synchronized Caller get(String key) {
    Remembered known = verified.get(key);
    return known != null && known.untilNanos - System.nanoTime() > 0 ? known.caller : null;
  }

  public synchronized void put(String key, Caller caller) {
    verified.put(key, new Remembered(caller, System.nanoTime() + cacheNanos));
  }

  public synchronized void forget(String key) {
    verified.remove(key);
  }
}
