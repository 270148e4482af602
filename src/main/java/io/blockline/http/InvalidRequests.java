package io.blockline.http;

import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.http.HttpServerRequest;

/**
 * Requests the HTTP codec could not parse (a head over {@code http.maxHeaderBytes}, a request line
 * too long, garbage): answered as problem+json like every other refusal, with the same status
 * Vert.x's default gives (431, 414, 400), and the connection closed.
 */
final class InvalidRequests {
  private final int maxHeaderBytes;

  InvalidRequests(int maxHeaderBytes) {
    this.maxHeaderBytes = maxHeaderBytes;
  }

  void answer(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    String message = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
    int status;
    String detail;
    if (cause instanceof TooLongFrameException && message.startsWith("An HTTP line is larger than")) {
      status = 414;
      detail = "the request line is too long";
    } else if (cause instanceof TooLongFrameException) {
      status = 431;
      detail = "request headers are larger than http.maxHeaderBytes=" + maxHeaderBytes + " bytes";
    } else {
      status = 400;
      detail = "malformed HTTP request" + (message.isEmpty() ? "" : ": " + message);
    }
    request.response().setStatusCode(status).putHeader("Content-Type", Problems.CONTENT_TYPE)
        .putHeader("Connection", "close").end(Problems.body(status, detail, null).encode());
  }
}
