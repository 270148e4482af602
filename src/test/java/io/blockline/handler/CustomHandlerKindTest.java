package io.blockline.handler;

import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static io.blockline.testsupport.Sessions.echo;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/** A kind an embedding application registers is validated, claimed and run like a standard one. */
class CustomHandlerKindTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass(new JsonObject(), HandlerKinds.standard().with(new UpperKind()));
  static final Api api = node.api();

  @Test
  void a_block_of_a_registered_kind_runs_with_the_results_of_earlier_blocks() {
    JsonObject shout = new JsonObject().put("id", "shout").put("require", new JsonArray().add("first"))
        .put("handler", new JsonObject().put("type", "upper").put("text", "hello"));
    String token = api.submit(session(echo("first", new JsonObject().put("word", "hi")), shout)).getString("token");

    JsonObject view = api.awaitStatus(token, "SUCCESS");

    assertThat(Api.blockOf(view, "shout").getJsonObject("result")).isEqualTo(new JsonObject()
        .put("upper", "HELLO")
        .put("earlier", new JsonObject().put("first", new JsonObject().put("word", "hi"))));
  }

  @Test
  void a_bad_handler_of_a_registered_kind_answers_400_naming_its_field() {
    Api.Response missing = api.post("/v1/sessions", withHandler(new JsonObject().put("type", "upper")));
    Api.Response notAString = api.post("/v1/sessions", withHandler(new JsonObject().put("type", "upper").put("text", 5)));

    assertThat(errors(missing)).containsExactly(error("blocks[0].handler.text", "is required for an upper handler"));
    assertThat(errors(notAString)).containsExactly(error("blocks[0].handler.text", "must be a string"));
  }

  @Test
  void an_unknown_type_answers_400_listing_every_kind_including_registered_ones() {
    Api.Response unknown = api.post("/v1/sessions", withHandler(new JsonObject().put("type", "lambda")));
    Api.Response untyped = api.post("/v1/sessions", withHandler(new JsonObject()));

    assertThat(errors(unknown)).containsExactly(error("blocks[0].handler.type",
        "must be one of builtin, eventbus, http, command, upper (was lambda)"));
    assertThat(errors(untyped)).containsExactly(error("blocks[0].handler.type",
        "is required: builtin, eventbus, http, command or upper"));
  }

  private static JsonObject withHandler(JsonObject handler) {
    return session(new JsonObject().put("handler", handler));
  }

  private static List<Object> errors(Api.Response r) {
    assertThat(r.status()).as("status of %s", r.body()).isEqualTo(400);
    return r.json().getJsonArray("errors").stream().toList();
  }

  private static JsonObject error(String field, String message) {
    return new JsonObject().put("field", field).put("message", message);
  }
}
