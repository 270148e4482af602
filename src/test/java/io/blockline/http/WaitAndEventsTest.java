package io.blockline.http;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.blockline.testsupport.Sessions.echo;
import static io.blockline.testsupport.Sessions.fail;
import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static io.blockline.testsupport.Sessions.sleep;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code ?wait=} on submit (silent mode) and the server-sent event stream of a session. */
class WaitAndEventsTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass();
  static final Api api = node.api();

  @Test
  void wait_answers_200_with_the_session_view_once_the_session_succeeded() {
    Api.Response r = api.post("/v1/sessions?wait=10s", session(noop("a"), echo("b", new JsonObject().put("x", 1))));

    assertThat(r.status()).as("body %s", r.body()).isEqualTo(200);
    JsonObject view = r.json();
    assertThat(view.getString("token")).hasSizeGreaterThanOrEqualTo(15);
    assertThat(view.getString("status")).isEqualTo("SUCCESS");
    assertThat(view.getString("finishedAt")).isNotBlank();
    assertThat(Api.blockOf(view, "a").getString("status")).isEqualTo("SUCCESS");
    assertThat(Api.blockOf(view, "b").getString("status")).isEqualTo("SUCCESS");
    assertThat(Api.blockOf(view, "b").getJsonObject("result")).isEqualTo(new JsonObject().put("x", 1));
    assertThat(view.getJsonObject("output")).isEqualTo(new JsonObject().put("x", 1));
  }

  @Test
  void wait_answers_200_when_the_session_ends_in_error() {
    Api.Response r = api.post("/v1/sessions?wait=10000", session(fail("broken", null)));

    assertThat(r.status()).as("body %s", r.body()).isEqualTo(200);
    assertThat(r.json().getString("status")).isEqualTo("ERROR");
    assertThat(Api.blockOf(r.json(), "broken").getString("status")).isEqualTo("ERROR");
  }

  @Test
  void wait_that_runs_out_answers_202_with_the_submit_receipt() {
    Api.Response r = api.post("/v1/sessions?wait=200ms", session(sleep("slow", 2000)));

    assertThat(r.status()).as("body %s", r.body()).isEqualTo(202);
    JsonObject receipt = r.json();
    assertThat(receipt.fieldNames()).containsExactlyInAnyOrder("token", "status", "blocks");
    assertThat(receipt.getJsonArray("blocks")).hasSize(1);
    JsonObject block = receipt.getJsonArray("blocks").getJsonObject(0);
    assertThat(block.getString("id")).isEqualTo("slow");
    assertThat(block.getString("token")).hasSizeGreaterThanOrEqualTo(15);
    String token = receipt.getString("token");
    assertThat(api.session(token).getString("finishedAt")).as("the session still runs").isNull();

    assertThat(api.post("/v1/sessions/" + token + "/cancel", null).status()).isEqualTo(200);
    api.awaitStatus(token, "CANCELLED");
  }

  @Test
  void wait_stops_at_a_paused_session() {
    Api.Response r = api.post("/v1/sessions?wait=10s",
        session(echo("ask", new JsonObject().put("q", "continue?")).put("interrupt", true), noop("after")));

    assertThat(r.status()).as("body %s", r.body()).isEqualTo(200);
    JsonObject view = r.json();
    assertThat(view.getString("status")).isEqualTo("PAUSED");
    assertThat(Api.blockOf(view, "ask").getString("status")).isEqualTo("SUCCESS");
    assertThat(Api.blockOf(view, "after").getString("status")).isEqualTo("STANDBY");
  }

  @Test
  void a_bad_wait_value_answers_400_and_stores_nothing() {
    String before = node.queryOne("select count(*) from sessions");

    for (String wait : List.of("soon", "10h", "-5s", "1.5s", "6m")) {
      Api.Response r = api.post("/v1/sessions?wait=" + wait, session(noop("a")));
      SubmitValidationTest.assertProblem(r, 400);
      assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("field")).as("wait=%s", wait).isEqualTo("wait");
    }

    assertThat(node.queryOne("select count(*) from sessions")).isEqualTo(before);
  }

  @Test
  void the_event_stream_opens_with_a_snapshot_and_shows_every_transition_until_success() throws Exception {
    JsonObject receipt = api.submit(session(noop("first"), echo("second", new JsonObject().put("k", 1)))
        .put("executionTime", "ON_REQUEST"));
    String token = receipt.getString("token");

    try (EventStream stream = EventStream.open(api.base() + "/v1/sessions/" + token + "/events")) {
      Event snapshot = stream.next(Duration.ofSeconds(10));
      assertThat(snapshot.type()).isEqualTo("session.snapshot");
      assertThat(snapshot.data().getString("status")).isEqualTo("STANDBY");

      assertThat(api.post("/v1/sessions/" + token + "/run", null).status()).isEqualTo(200);
      List<Event> events = stream.until(e -> e.is("session.status", "SUCCESS"), Duration.ofSeconds(20));

      for (String block : List.of("first", "second")) {
        List<String> statuses = events.stream().filter(e -> e.type().equals("block.status") && block.equals(e.data().getString("blockId")))
            .map(e -> e.data().getString("status")).toList();
        assertThat(statuses).as("block.status of %s", block).containsSubsequence("RUNNING", "SUCCESS");
        List<String> activity = events.stream().filter(e -> e.type().equals("block.activity") && block.equals(e.data().getString("blockId")))
            .map(e -> e.data().getString("level")).toList();
        assertThat(activity).as("block.activity of %s", block).containsSubsequence("STARTING", "ENDING");
      }
      assertThat(events).allSatisfy(e -> assertThat(e.data().getString("sessionToken")).isEqualTo(token));
      assertThat(events.stream().filter(e -> e.type().equals("session.snapshot"))).as("one snapshot, first").isEmpty();
      assertThat(events.get(events.size() - 1).is("session.status", "SUCCESS")).isTrue();
    }
  }

  @Test
  void the_event_stream_of_an_unknown_session_answers_404_problem() {
    SubmitValidationTest.assertProblem(api.get("/v1/sessions/no-such-session-0123456789/events"), 404);
  }

  /** One server-sent event: its {@code event:} type and its {@code data:} JSON. */
  record Event(String type, JsonObject data) {
    boolean is(String type, String status) {
      return this.type.equals(type) && status.equals(data.getString("status"));
    }
  }

  /** A test's end of an SSE stream, read line by line on a background thread. */
  static final class EventStream implements AutoCloseable {
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Stream<String> lines;
    private final Thread reader;

    private EventStream(HttpResponse<Stream<String>> response) {
      this.lines = response.body();
      this.reader = new Thread(this::read, "sse-reader");
      reader.setDaemon(true);
      reader.start();
    }

    static EventStream open(String url) throws Exception {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<Stream<String>> response = client.sendAsync(HttpRequest.newBuilder(URI.create(url))
              .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines())
          .get(10, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
      return new EventStream(response);
    }

    private void read() {
      String type = null;
      StringBuilder data = new StringBuilder();
      try {
        Iterator<String> it = lines.iterator();
        while (it.hasNext()) {
          String line = it.next();
          if (line.isEmpty()) {
            if (type != null || data.length() > 0) {
              events.add(new Event(type, new JsonObject(data.toString())));
            }
            type = null;
            data.setLength(0);
          } else if (line.startsWith("event:")) {
            type = line.substring("event:".length()).trim();
          } else if (line.startsWith("data:")) {
            data.append(line.substring("data:".length()).trim());
          }
        }
      } catch (RuntimeException closed) {
        // the test closed the stream
      }
    }

    Event next(Duration max) throws InterruptedException {
      Event event = events.poll(max.toMillis(), TimeUnit.MILLISECONDS);
      if (event == null) {
        throw new AssertionError("no event within " + max);
      }
      return event;
    }

    /** Every event up to and including the first that matches; fails when none comes in time. */
    List<Event> until(java.util.function.Predicate<Event> last, Duration max) throws InterruptedException {
      long deadline = System.nanoTime() + max.toNanos();
      List<Event> seen = new ArrayList<>();
      while (true) {
        long left = deadline - System.nanoTime();
        Event event = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
        if (event == null) {
          throw new AssertionError("the expected event never came; events seen: " + seen);
        }
        seen.add(event);
        if (last.test(event)) {
          return seen;
        }
      }
    }

    @Override
    public void close() {
      lines.close();
    }
  }
}
