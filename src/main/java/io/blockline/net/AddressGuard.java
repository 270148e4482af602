package io.blockline.net;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps outgoing calls (http handlers, callbacks) off this machine's and its network's private
 * addresses unless allowed: a block's URL must not turn Blockline into a proxy into the LAN.
 * Resolves the host off the event loop. (The resolved address is checked, not pinned: a host
 * whose DNS answer changes between check and connect is not caught.)
 */
public final class AddressGuard {
  private final Vertx vertx;
  private final boolean allowPrivate;
  private final Set<String> allowHosts;

  public AddressGuard(Vertx vertx, boolean allowPrivate, String allowHosts) {
    this.vertx = vertx;
    this.allowPrivate = allowPrivate;
    this.allowHosts = Arrays.stream(allowHosts.split(",")).map(String::trim).filter(h -> !h.isEmpty())
        .map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
  }

  /** Succeeds when the URL's host may be called; fails with {@link Refused} otherwise. */
  public Future<Void> check(String url) {
    String host = URI.create(url).getHost();
    if (host == null) {
      return Future.failedFuture(new Refused("URL has no host: " + url));
    }
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (allowPrivate || allowHosts.contains(bare.toLowerCase(Locale.ROOT))) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> InetAddress.getAllByName(bare), false).compose(addresses -> {
      for (InetAddress address : addresses) {
        if (isPrivate(address)) {
          return Future.failedFuture(new Refused("host " + bare + " resolves to " + address.getHostAddress()
              + ", a loopback, link-local or private address; allow it with handlers.http.allowHosts"));
        }
      }
      return Future.succeededFuture();
    }, e -> Future.failedFuture(new Refused("cannot resolve host " + bare + ": " + e.getMessage())));
  }

  static boolean isPrivate(InetAddress address) {
    if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
        || address.isAnyLocalAddress() || address.isMulticastAddress()) {
      return true;
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet6Address) {
      return (bytes[0] & 0xfe) == 0xfc; // fc00::/7 unique local
    }
    int first = bytes[0] & 0xff;
    int second = bytes[1] & 0xff;
    return first == 0 || (first == 100 && second >= 64 && second <= 127) // 100.64/10 shared address space
        || (first == 169 && second == 254);
  }

  /** The URL's host may not be called. */
  public static final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message, null, false, false);
    }
  }
}
