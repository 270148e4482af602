package io.blockline.net;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;

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
 * Resolves the host off the event loop, and the call then connects to the address that was
 * checked ({@link Checked#request}): a host whose DNS answer changes between the check and the
 * connection (DNS rebinding) cannot slip a private address in. The URL's host still names the
 * server in the {@code Host} header and for TLS (SNI and certificate check).
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
  public Future<Checked> check(String url) {
    URI uri = URI.create(url);
    String host = uri.getHost();
    if (host == null) {
      return Future.failedFuture(new Refused("URL has no host: " + url));
    }
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (allowPrivate || allowHosts.contains(bare.toLowerCase(Locale.ROOT))) {
      return Future.succeededFuture(new Checked(null));
    }
    return vertx.executeBlocking(() -> InetAddress.getAllByName(bare), false).compose(addresses -> {
      for (InetAddress address : addresses) {
        if (isPrivate(address)) {
          return Future.failedFuture(new Refused("host " + bare + " resolves to " + address.getHostAddress()
              + ", a loopback, link-local or private address; allow it with handlers.http.allowHosts"));
        }
      }
      int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
      return Future.succeededFuture(new Checked(SocketAddress.inetSocketAddress(port, addresses[0].getHostAddress())));
    }, e -> Future.failedFuture(new Refused("cannot resolve host " + bare + ": " + e.getMessage())));
  }

  /**
   * A URL that passed the check.
   *
   * @param pinned the checked address to connect to; null when the host was allowed without a check
   */
  public record Checked(SocketAddress pinned) {
    /** The request, sent to the checked address (the URL's host stays the Host header and the TLS name). */
    public HttpRequest<Buffer> request(WebClient client, HttpMethod method, String url) {
      return pinned == null ? client.requestAbs(method, url) : client.requestAbs(method, pinned, url);
    }
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
