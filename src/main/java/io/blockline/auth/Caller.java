package io.blockline.auth;

import java.util.Set;

/**
 * Who an authenticated request comes from: the key's owner and scopes.
 *
 * @param prefix the key's public prefix, for logs and lists
 */
public record Caller(String owner, Set<Scope> scopes, String prefix) {
  public Caller {
    scopes = Set.copyOf(scopes);
  }

  public boolean admin() {
    return scopes.contains(Scope.ADMIN);
  }

  public boolean may(Scope needed) {
    return admin() || scopes.contains(needed);
  }
}
