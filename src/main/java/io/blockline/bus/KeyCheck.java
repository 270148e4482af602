package io.blockline.bus;

import io.blockline.api.ProblemException;
import io.blockline.auth.ApiKeys;
import io.blockline.auth.Caller;
import io.blockline.store.KeyStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/** Verifies an API key against the stored hashes (and records its use): its caller, or a 401. */
final class KeyCheck {
  private KeyCheck() {
  }

  static Future<Caller> verify(Pool pool, String key) {
    String prefix = key == null ? null : ApiKeys.prefixOf(key);
    if (prefix == null) {
      return Future.failedFuture(new ProblemException(401, "the bearer token is not a Blockline API key"));
    }
    return KeyStore.use(pool, prefix).compose(stored -> stored != null && ApiKeys.matches(key, stored.hash())
        ? Future.succeededFuture(stored.caller())
        : Future.failedFuture(new ProblemException(401, "unknown or revoked API key " + prefix)));
  }
}
