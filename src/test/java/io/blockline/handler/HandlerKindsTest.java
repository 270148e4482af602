package io.blockline.handler;

import io.blockline.api.FieldErrors;
import io.blockline.api.JsonFields;
import io.blockline.api.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class HandlerKindsTest {
  private static final HandlerServices NO_SERVICES = new HandlerServices(null, null, null);

  @Test
  void the_standard_kinds_are_builtin_eventbus_http_and_command_in_that_order() {
    assertThat(HandlerKinds.standard().types()).containsExactly("builtin", "eventbus", "http", "command");
    assertThat(HandlerKinds.standard().find("http")).isInstanceOf(HttpKind.class);
  }

  @Test
  void with_adds_a_kind_after_the_others_and_leaves_the_original_unchanged() {
    HandlerKinds standard = HandlerKinds.standard();
    UpperKind upper = new UpperKind();

    HandlerKinds extended = standard.with(upper);

    assertThat(extended.types()).containsExactly("builtin", "eventbus", "http", "command", "upper");
    assertThat(extended.find("upper")).isSameAs(upper);
    assertThat(standard.types()).doesNotContain("upper");
    assertThat(standard.find("upper")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"builtin", "eventbus", "http", "command"})
  void a_standard_kind_cannot_be_replaced(String type) {
    assertThatThrownBy(() -> HandlerKinds.standard().with(kind(type)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(type);
  }

  @Test
  void a_user_kind_cannot_be_registered_twice_or_without_a_type() {
    HandlerKinds once = HandlerKinds.standard().with(new UpperKind());
    assertThatThrownBy(() -> once.with(kind("upper")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("upper");
    assertThatThrownBy(() -> once.with(kind(" "))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void find_of_an_unknown_type_is_null() {
    assertThat(HandlerKinds.standard().find("lambda")).isNull();
    assertThat(HandlerKinds.standard().find(null)).isNull();
  }

  @Test
  void only_builtins_and_commands_go_without_earlier_results() {
    HandlerKinds kinds = HandlerKinds.standard().with(new UpperKind());
    assertThat(kinds.receivesResults("builtin")).isFalse();
    assertThat(kinds.receivesResults("command")).isFalse();
    for (String type : List.of("eventbus", "http", "upper", "unregistered")) {
      assertThat(kinds.receivesResults(type)).as(type).isTrue();
    }
  }

  @Test
  void every_kind_gets_a_handler_by_its_type() {
    HandlerKinds kinds = HandlerKinds.standard().with(new UpperKind());
    assertThat(kinds.handlers(NO_SERVICES).keySet()).containsExactlyElementsOf(kinds.types());
    assertThat(kinds.handlers(NO_SERVICES).get("http")).isInstanceOf(HttpHandler.class);
  }

  @Test
  void command_handlers_are_refused_until_the_node_enables_them() {
    JsonObject command = new JsonObject().put("type", "command").put("argv", new JsonArray().add("sh"));
    assertThat(errors(HandlerKinds.standard(), command)).containsExactly(new JsonObject().put("field", "h.type")
        .put("message", "command handlers are disabled on this server (handlers.command.enabled is false)"));
    assertThat(errors(HandlerKinds.standard().withCommands(new CommandPolicy(true, List.of("sh"), false)), command))
        .isEmpty();
  }

  @Test
  void with_commands_replaces_only_the_command_kind_and_keeps_the_order() {
    HandlerKinds kinds = HandlerKinds.standard().with(new UpperKind())
        .withCommands(new CommandPolicy(true, List.of("sh"), false));
    assertThat(kinds.types()).containsExactly("builtin", "eventbus", "http", "command", "upper");
    assertThat(((CommandKind) kinds.find("command")).policy().allow()).containsExactly("sh");
    assertThat(kinds.takesDataset("command")).isFalse();
    assertThat(kinds.takesDataset("builtin")).isTrue();
  }

  @Test
  void a_node_without_a_command_runner_refuses_command_runs_for_good() {
    RunContext ctx = new RunContext(new JsonObject().put("handler", new JsonObject().put("type", "command")),
        null, -1, (level, line) -> { });

    Future<JsonObject> run = HandlerKinds.standard().find("command").handler(NO_SERVICES).run(ctx);

    assertThat(run.failed()).isTrue();
    assertThat(HandlerFailure.errorOf(run.cause()).getString("code")).isEqualTo("COMMAND_REFUSED");
    assertThat(HandlerFailure.retryableOf(run.cause())).isFalse();
  }

  /** The errors the registry's kind for {@code handler.type} records, on the field prefix "h". */
  private static List<Object> errors(HandlerKinds kinds, JsonObject handler) {
    FieldErrors errors = new FieldErrors();
    kinds.find(handler.getString("type")).validate(new JsonFields(handler, "h", errors), errors);
    ProblemException e = catchThrowableOfType(ProblemException.class, errors::throwIfAny);
    return e == null ? List.of() : e.errors().getList();
  }

  private static HandlerKind kind(String type) {
    return new HandlerKind() {
      @Override
      public String type() {
        return type;
      }

      @Override
      public void validate(JsonFields handler, FieldErrors errors) {
      }

      @Override
      public BlockHandler handler(HandlerServices services) {
        return ctx -> Future.succeededFuture(new JsonObject());
      }
    };
  }
}
