package io.blockline.delivery;

import io.blockline.net.AddressGuard;
import io.blockline.store.DeliveryStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Sends the completion outbox: each pending delivery goes to its URL (POST, signed when a secret
 * is set) or event-bus address (request; any reply acknowledges), and is retried with
 * {@link DeliveryBackoff} until it succeeds or outlives {@code deliveries.maxAgeMs} (DEAD).
 * Woken after commits that enqueued, by a timer for the nearest retry, and by a slow poll.
 */
public final class DeliverySender {
  private static final Logger LOG = LoggerFactory.getLogger(DeliverySender.class);
  private static final int BATCH = 100;
  private static final long SEND_TIMEOUT_MS = 10_000;
  // Longer than one send can take (SEND_TIMEOUT_MS), so only a send that never reports back is retried by another node.
  private static final long LEASE_MS = 15_000;

  private final Vertx vertx;
  private final Pool pool;
  private final WebClient client;
  private final AddressGuard guard;
  private final String secret;
  private final long maxAgeMs;
  private boolean sending;
  private boolean wanted;
  private long timerId = -1;
  private boolean stopped;

  private final java.util.function.Consumer<String> onResult;

  public DeliverySender(Vertx vertx, Pool pool, WebClient client, AddressGuard guard, String secret, long maxAgeMs,
                        java.util.function.Consumer<String> onResult) {
    this.onResult = onResult;
    this.vertx = vertx;
    this.pool = pool;
    this.client = client;
    this.guard = guard;
    this.secret = secret;
    this.maxAgeMs = maxAgeMs;
  }

  /** Sends what is due now, then arms a timer for the next due attempt. */
  public void wake() {
    if (stopped) {
      return;
    }
    if (sending) {
      wanted = true;
      return;
    }
    sending = true;
    wanted = false;
    DeliveryStore.claimDue(pool, BATCH, LEASE_MS)
        .compose(due -> {
          List<Future<Void>> sends = new ArrayList<>();
          due.forEach(delivery -> sends.add(send(delivery)));
          return Future.join(sends).map(due.size());
        })
        .onComplete(ar -> {
          sending = false;
          if (ar.failed()) {
            LOG.warn("delivery pass failed: {}", ar.cause().toString());
          }
          if (wanted || (ar.succeeded() && ar.result() == BATCH)) {
            wake();
          } else {
            armForNextDue();
          }
        });
  }

  public void stop() {
    stopped = true;
    if (timerId != -1) {
      vertx.cancelTimer(timerId);
    }
  }

  private Future<Void> send(DeliveryStore.Due delivery) {
    long id = delivery.id();
    int attempt = delivery.attempts();
    Future<Void> sent = "url".equals(delivery.kind())
        ? post(delivery.target(), delivery.payload())
        : request(delivery.target(), delivery.payload());
    return sent.compose(
        v -> {
          onResult.accept("delivered");
          return DeliveryStore.delivered(pool, id);
        },
        e -> {
          onResult.accept("failed");
          long delay = DeliveryBackoff.delayMs(attempt);
          LOG.info("delivery failed id={} attempt={} retryInMs={}: {}", id, attempt, delay, e.getMessage());
          return DeliveryStore.failed(pool, id, delay, e.getMessage(), maxAgeMs);
        });
  }

  private Future<Void> post(String url, JsonObject payload) {
    Buffer body = payload.toBuffer();
    return guard.check(url).compose(checked -> {
      var request = checked.request(client, HttpMethod.POST, url).timeout(SEND_TIMEOUT_MS)
          .putHeader("Content-Type", "application/json");
      if (!secret.isEmpty()) {
        request.putHeader(Signature.HEADER, Signature.of(secret, body.getBytes()));
      }
      return request.sendBuffer(body);
    }).compose(response -> response.statusCode() >= 200 && response.statusCode() < 300
        ? Future.succeededFuture()
        : Future.failedFuture("HTTP " + response.statusCode()));
  }

  private Future<Void> request(String address, JsonObject payload) {
    return vertx.eventBus().request(address, payload, new DeliveryOptions().setSendTimeout(SEND_TIMEOUT_MS)).mapEmpty();
  }

  private void armForNextDue() {
    DeliveryStore.msUntilNextDue(pool).onSuccess(ms -> {
      if (ms == null || stopped) {
        return;
      }
      long delay = Math.max(1, ms + 1);
      if (timerId != -1) {
        vertx.cancelTimer(timerId);
      }
      timerId = vertx.setTimer(delay, id -> {
        timerId = -1;
        wake();
      });
    });
  }
}
