package io.blockline.engine;

import io.blockline.block.ClaimedRun;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** What a committed transaction must cause outside the database: events, wake-ups, stops. */
public final class Effects {
  final List<JsonObject> events = new ArrayList<>();
  final List<String> stopRuns = new ArrayList<>();
  /** Blocks the transaction claimed directly, to hand to the workers after the commit. */
  final List<ClaimedRun> claimedRuns = new ArrayList<>();
  int reservedSlots;
  boolean released;
  /** Sessions were handed to lanes (V14), none of their blocks released one by one. */
  boolean lanesAdded;
  boolean deliveriesEnqueued;
  /** A delayed block was released: its due time is in the database, re-read it for the timer. */
  boolean delayedRelease;
  long nearestRetryMs = Long.MAX_VALUE;
  int lostLeases;

  public List<JsonObject> events() { return events; }
  public List<String> stopRuns() { return stopRuns; }
  public boolean released() { return released; }
  public boolean lanesAdded() { return lanesAdded; }
  public boolean deliveriesEnqueued() { return deliveriesEnqueued; }
  public boolean delayedRelease() { return delayedRelease; }
  public long nearestRetryMs() { return nearestRetryMs; }
  public int lostLeases() { return lostLeases; }
  public List<ClaimedRun> claimedRuns() { return claimedRuns; }
  public int reservedSlots() { return reservedSlots; }
}
