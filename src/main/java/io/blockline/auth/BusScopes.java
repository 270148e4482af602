package io.blockline.auth;

import io.blockline.api.Addresses;

import java.util.Map;

/**
 * The scope a call to an event-bus API address needs under {@code auth.eventBus}, the bus twin of
 * {@link RouteScopes}. Addresses not listed (key verification, activity lines, stop signals, the
 * events feed, handlers' own addresses) are not API calls and pass unchecked.
 */
public final class BusScopes {
  private static final Map<String, Scope> NEEDED = Map.ofEntries(
      Map.entry(Addresses.SESSIONS_SUBMIT, Scope.SUBMIT),
      Map.entry(Addresses.SESSIONS_RUN, Scope.SUBMIT),
      Map.entry(Addresses.SESSIONS_CANCEL, Scope.SUBMIT),
      Map.entry(Addresses.SESSIONS_PROCEED, Scope.SUBMIT),
      Map.entry(Addresses.SESSIONS_DELETE, Scope.SUBMIT),
      Map.entry(Addresses.SESSIONS_MOCK, Scope.SUBMIT),
      Map.entry(Addresses.SESSIONS_DELIVERIES_ACK, Scope.SUBMIT),
      Map.entry(Addresses.BLOCKS_REPLAY, Scope.SUBMIT),
      Map.entry(Addresses.BLOCKS_CANCEL, Scope.SUBMIT),
      Map.entry(Addresses.SESSIONS_GET, Scope.READ),
      Map.entry(Addresses.SESSIONS_LIST, Scope.READ),
      Map.entry(Addresses.SESSIONS_DELIVERIES, Scope.READ),
      Map.entry(Addresses.OVERVIEW, Scope.READ),
      Map.entry(Addresses.NODES_LIST, Scope.READ),
      Map.entry(Addresses.DELIVERIES_LIST, Scope.READ),
      Map.entry(Addresses.BLOCKS_GET, Scope.READ),
      Map.entry(Addresses.BLOCKS_OUTPUT, Scope.READ),
      Map.entry(Addresses.KEYS_CREATE, Scope.ADMIN),
      Map.entry(Addresses.KEYS_LIST, Scope.ADMIN),
      Map.entry(Addresses.KEYS_REVOKE, Scope.ADMIN));

  private BusScopes() {
  }

  /** @return null for an address that is not a checked API call */
  public static Scope needed(String address) {
    return NEEDED.get(address);
  }
}
