package io.blockline.net;

import java.net.URI;

/** The one test of "an absolute http or https URL", shared by http handlers and callbacks. */
public final class HttpUrls {
  private HttpUrls() {
  }

  /** True for an {@code http} or {@code https} URL with a host; false for anything else, unparsable included. */
  public static boolean isAbsoluteHttp(String url) {
    try {
      URI uri = new URI(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (Exception e) {
      return false;
    }
  }
}
