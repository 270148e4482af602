package io.blockline.handler;

import io.blockline.net.AddressGuard;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;

/**
 * What a worker verticle hands each {@link HandlerKind} when it creates the kind's runtime
 * handler: its Vert.x instance, the web client it shares among its handlers (closed with the
 * verticle), the guard that keeps outgoing calls off private addresses, and the node's command
 * runner (null where none runs: the {@code command} kind then refuses every run).
 */
public record HandlerServices(Vertx vertx, WebClient webClient, AddressGuard addressGuard, BlockHandler commands) {

  public HandlerServices(Vertx vertx, WebClient webClient, AddressGuard addressGuard) {
    this(vertx, webClient, addressGuard, null);
  }
}
