package io.blockline.auth;

/** The scope a request under {@code /v1} needs, from its method and path. */
public final class RouteScopes {
  private RouteScopes() {
  }

  public static Scope needed(String method, String path) {
    if (path.equals("/v1/keys") || path.startsWith("/v1/keys/")) {
      return Scope.ADMIN;
    }
    return method.equals("GET") || method.equals("HEAD") ? Scope.READ : Scope.SUBMIT;
  }
}
