package io.blockline.session;

import io.blockline.api.ProblemException;
import io.blockline.handler.CommandPolicy;
import io.blockline.handler.HandlerKinds;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SubmissionParserTest {
  private static final long DEFAULT_TIMEOUT_MS = 300_000;
  private final SubmissionParser parser = new SubmissionParser(DEFAULT_TIMEOUT_MS, HandlerKinds.standard());
  private final SubmissionParser withCommands = new SubmissionParser(DEFAULT_TIMEOUT_MS,
      HandlerKinds.standard().withCommands(new CommandPolicy(true, List.of("ffmpeg"), false)));

  // --- fixtures -------------------------------------------------------------------------------

  private static JsonObject builtin(String name) {
    return new JsonObject().put("type", "builtin").put("name", name);
  }

  private static JsonObject block() {
    return new JsonObject().put("handler", builtin("noop"));
  }

  private static JsonObject block(String id, String... requires) {
    JsonObject block = block().put("id", id);
    if (requires.length > 0) {
      block.put("require", new JsonArray(List.of((Object[]) requires)));
    }
    return block;
  }

  private static JsonObject session(JsonObject... blocks) {
    return new JsonObject().put("blocks", new JsonArray(List.of((Object[]) blocks)));
  }

  private static JsonObject withHandler(JsonObject handler) {
    return session(new JsonObject().put("handler", handler));
  }

  private static JsonObject withBlockField(String field, Object value) {
    return session(block().put(field, value));
  }

  private static JsonObject withRetry(String field, Object value) {
    return session(block().put("retry", new JsonObject().put(field, value)));
  }

  private ProblemException rejection(SubmissionParser parser, JsonObject body) {
    ProblemException e = catchThrowableOfType(ProblemException.class, () -> parser.parse(body));
    assertThat(e).as("expected %s to be rejected", body.encode()).isNotNull();
    assertThat(e.status()).isEqualTo(400);
    return e;
  }

  private List<JsonObject> errors(SubmissionParser parser, JsonObject body) {
    return rejection(parser, body).errors().stream().map(o -> (JsonObject) o).toList();
  }

  private List<String> fields(JsonObject body) {
    return errors(parser, body).stream().map(e -> e.getString("field")).toList();
  }

  /** Exactly one error, on {@code field}, whose message contains {@code fragment}. */
  private void assertOnlyError(SubmissionParser parser, JsonObject body, String field, String fragment) {
    List<JsonObject> errors = errors(parser, body);
    assertThat(errors).as("errors of %s", body.encode()).hasSize(1);
    assertThat(errors.get(0).getString("field")).isEqualTo(field);
    assertThat(errors.get(0).getString("message")).contains(fragment);
  }

  private void assertOnlyError(JsonObject body, String field, String fragment) {
    assertOnlyError(parser, body, field, fragment);
  }

  // --- defaults -------------------------------------------------------------------------------

  @Test
  void a_minimal_session_gets_every_default() {
    Submission s = parser.parse(session(block()));
    assertThat(s.name()).isNull();
    assertThat(s.owner()).isNull();
    assertThat(s.executionTime()).isEqualTo(ExecutionTime.NOW);
    assertThat(s.priority()).isEqualTo(50);
    assertThat(s.mode()).isEqualTo(SessionMode.SEQUENTIAL);
    assertThat(s.maxParallel()).isNull();
    assertThat(s.metadata()).isNull();
    assertThat(s.callback()).isNull();
    assertThat(s.blocks()).hasSize(1);
  }

  @Test
  void a_minimal_block_gets_every_default() {
    BlockSpec b = parser.parse(session(block())).blocks().get(0);
    assertThat(b.id()).isEqualTo("block-1");
    assertThat(b.name()).isNull();
    assertThat(b.handler()).isEqualTo(builtin("noop"));
    assertThat(b.params()).isNull();
    assertThat(b.dataset()).isNull();
    assertThat(b.requires()).isEmpty();
    assertThat(b.blocker()).isFalse();
    assertThat(b.replayable()).isFalse();
    assertThat(b.retry()).isNull();
    assertThat(b.delayMs()).isZero();
    assertThat(b.priority()).isEqualTo(50);
    assertThat(b.timeoutMs()).isEqualTo(DEFAULT_TIMEOUT_MS);
    assertThat(b.interrupt()).isFalse();
  }

  @Test
  void blocks_without_an_id_are_named_block_n_from_one() {
    Submission s = parser.parse(session(block(), block("fetch"), block()));
    assertThat(s.blocks()).extracting(BlockSpec::id).containsExactly("block-1", "fetch", "block-3");
  }

  @Test
  void a_default_id_never_collides_with_an_explicit_one() {
    Submission s = parser.parse(session(block(), block("Block-1")));
    assertThat(s.blocks()).extracting(BlockSpec::id).doesNotHaveDuplicates();
    assertThat(s.blocks().get(0).id()).isNotEqualToIgnoringCase("block-1");
    assertThat(s.blocks().get(1).id()).isEqualTo("Block-1");
  }

  @Test
  void the_block_priority_defaults_to_the_session_priority() {
    Submission s = parser.parse(session(block(), block().put("priority", 7)).put("priority", 80));
    assertThat(s.priority()).isEqualTo(80);
    assertThat(s.blocks()).extracting(BlockSpec::priority).containsExactly(80, 7);
  }

  @Test
  void the_block_timeout_defaults_to_the_servers_default() {
    SubmissionParser other = new SubmissionParser(1_234, HandlerKinds.standard());
    assertThat(other.parse(session(block())).blocks().get(0).timeoutMs()).isEqualTo(1_234);
    assertThat(other.parse(withBlockField("timeoutMs", 99)).blocks().get(0).timeoutMs()).isEqualTo(99);
  }

  @Test
  void a_retry_object_makes_a_block_replayable() {
    JsonObject retry = new JsonObject().put("maxAttempts", 5).put("initialDelayMs", 1_000).put("multiplier", 2.0)
        .put("maxDelayMs", 60_000).put("jitterMs", 200);
    BlockSpec b = parser.parse(withBlockField("retry", retry)).blocks().get(0);
    assertThat(b.replayable()).isTrue();
    assertThat(b.retry()).isEqualTo(retry);
  }

  @Test
  void replayable_without_retry_uses_the_default_policy() {
    BlockSpec b = parser.parse(withBlockField("replayable", true)).blocks().get(0);
    assertThat(b.replayable()).isTrue();
    assertThat(b.retry()).isNull();
  }

  @Test
  void every_field_of_the_api_example_is_read() {
    JsonObject body = new JsonObject()
        .put("name", "resize album 42").put("owner", "alice").put("executionTime", "ON_REQUEST").put("priority", 70)
        .put("mode", "parallel").put("maxParallel", 4).put("metadata", new JsonObject().put("any", "json"))
        .put("callback", new JsonObject().put("url", "https://example.com/done").put("address", "app.done"))
        .put("blocks", new JsonArray().add(new JsonObject()
            .put("id", "fetch").put("name", "download originals").put("handler", builtin("echo"))
            .put("params", new JsonObject().put("album", 42))
            .put("dataset", new JsonArray().add(new JsonObject().put("n", 1)).add(new JsonObject().put("n", 2)))
            .put("blocker", true).put("replayable", true).put("delayMs", 250).put("priority", 60)
            .put("timeoutMs", 1_000).put("interrupt", true))
            .add(block("resize", "FETCH")));
    Submission s = parser.parse(body);
    assertThat(s.name()).isEqualTo("resize album 42");
    assertThat(s.owner()).isEqualTo("alice");
    assertThat(s.executionTime()).isEqualTo(ExecutionTime.ON_REQUEST);
    assertThat(s.priority()).isEqualTo(70);
    assertThat(s.mode()).isEqualTo(SessionMode.PARALLEL);
    assertThat(s.maxParallel()).isEqualTo(4);
    assertThat(s.metadata()).isEqualTo(new JsonObject().put("any", "json"));
    assertThat(s.callback().getString("address")).isEqualTo("app.done");
    BlockSpec fetch = s.blocks().get(0);
    assertThat(fetch.name()).isEqualTo("download originals");
    assertThat(fetch.params()).isEqualTo(new JsonObject().put("album", 42));
    assertThat(fetch.dataset()).hasSize(2);
    assertThat(fetch.blocker()).isTrue();
    assertThat(fetch.replayable()).isTrue();
    assertThat(fetch.delayMs()).isEqualTo(250);
    assertThat(fetch.priority()).isEqualTo(60);
    assertThat(fetch.timeoutMs()).isEqualTo(1_000);
    assertThat(fetch.interrupt()).isTrue();
    assertThat(s.blocks().get(1).requires()).containsExactly("fetch");
  }

  @ParameterizedTest
  @ValueSource(strings = {"NOW", "ASAP", "LATER", "ON_REQUEST"})
  void every_execution_time_is_accepted(String value) {
    assertThat(parser.parse(session(block()).put("executionTime", value)).executionTime())
        .isEqualTo(ExecutionTime.valueOf(value));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sequential", "parallel", "pipeline"})
  void every_mode_is_accepted(String value) {
    assertThat(parser.parse(session(block()).put("mode", value)).mode()).isEqualTo(SessionMode.fromWire(value));
  }

  @Test
  void a_whole_number_written_as_a_decimal_is_accepted() {
    assertThat(parser.parse(session(block()).put("priority", 30.0)).priority()).isEqualTo(30);
  }

  // --- session-level validation ---------------------------------------------------------------

  @Test
  void an_unknown_session_field_is_rejected() {
    assertOnlyError(session(block()).put("colour", "red"), "colour", "unknown field");
  }

  @Test
  void name_and_owner_must_be_strings() {
    assertThat(fields(session(block()).put("name", 5).put("owner", true))).containsExactlyInAnyOrder("name", "owner");
  }

  @ParameterizedTest
  @ValueSource(strings = {"now", "SOON", ""})
  void an_unknown_execution_time_is_rejected(String value) {
    assertOnlyError(session(block()).put("executionTime", value), "executionTime", "NOW, ASAP, LATER, ON_REQUEST");
  }

  @Test
  void priority_must_be_a_whole_number_from_0_to_100() {
    assertOnlyError(session(block()).put("priority", -1), "priority", "between 0 and 100");
    assertOnlyError(session(block()).put("priority", 101), "priority", "between 0 and 100");
    assertOnlyError(session(block()).put("priority", 1.5), "priority", "whole number");
    assertOnlyError(session(block()).put("priority", "high"), "priority", "whole number");
    assertThat(parser.parse(session(block()).put("priority", 0)).priority()).isZero();
    assertThat(parser.parse(session(block()).put("priority", 100)).priority()).isEqualTo(100);
  }

  @Test
  void an_unknown_mode_is_rejected() {
    assertOnlyError(session(block()).put("mode", "random"), "mode", "sequential, parallel, pipeline");
  }

  @Test
  void max_parallel_applies_only_to_parallel_mode() {
    assertOnlyError(session(block()).put("maxParallel", 2), "maxParallel", "parallel");
    assertOnlyError(session(block()).put("mode", "pipeline").put("maxParallel", 2), "maxParallel", "parallel");
  }

  @Test
  void max_parallel_must_be_at_least_one() {
    assertOnlyError(session(block()).put("mode", "parallel").put("maxParallel", 0), "maxParallel", "(was 0)");
  }

  @Test
  void metadata_must_be_an_object() {
    assertOnlyError(session(block()).put("metadata", "x"), "metadata", "JSON object");
  }

  @Test
  void a_callback_needs_a_url_or_an_address() {
    assertOnlyError(session(block()).put("callback", new JsonObject()), "callback", "url");
    assertOnlyError(session(block()).put("callback", "https://x.example"), "callback", "JSON object");
  }

  @Test
  void a_callback_url_must_be_an_absolute_http_url() {
    for (String url : List.of("ftp://example.com/x", "/relative", "https://", "not a url")) {
      assertOnlyError(session(block()).put("callback", new JsonObject().put("url", url)), "callback.url", "http");
    }
    assertThat(parser.parse(session(block()).put("callback", new JsonObject().put("url", "http://h:8080/cb")))
        .callback()).isNotNull();
  }

  @Test
  void a_callback_address_must_not_be_blank_and_unknown_callback_fields_are_rejected() {
    assertOnlyError(session(block()).put("callback", new JsonObject().put("address", " ")), "callback.address", "blank");
    assertOnlyError(session(block()).put("callback", new JsonObject().put("address", "a").put("email", "x")),
        "callback.email", "unknown field");
  }

  @Test
  void blocks_are_required() {
    assertOnlyError(new JsonObject(), "blocks", "required");
  }

  @Test
  void blocks_must_not_be_empty() {
    assertOnlyError(session(), "blocks", "at least one");
  }

  @Test
  void blocks_must_be_an_array_of_objects() {
    assertThat(fields(new JsonObject().put("blocks", "all of them"))).contains("blocks");
    assertOnlyError(session(block()).put("blocks", new JsonArray().add(block()).add("noop")), "blocks[1]", "JSON object");
  }

  @Test
  void a_session_holds_at_most_ten_thousand_blocks() {
    JsonArray blocks = new JsonArray();
    IntStream.range(0, SubmissionParser.MAX_BLOCKS + 1).forEach(i -> blocks.add(block()));
    assertOnlyError(new JsonObject().put("blocks", blocks), "blocks", "10000");
    blocks.remove(0);
    assertThat(parser.parse(new JsonObject().put("blocks", blocks)).blocks()).hasSize(SubmissionParser.MAX_BLOCKS);
  }

  // --- block-level validation -----------------------------------------------------------------

  @Test
  void an_unknown_block_field_is_rejected() {
    assertOnlyError(withBlockField("requires", new JsonArray()), "blocks[0].requires", "unknown field");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "slash/no", "ünïcode", "x#y"})
  void a_block_id_must_match_the_id_pattern(String id) {
    assertOnlyError(session(block(id)), "blocks[0].id", "[A-Za-z0-9_.-]{1,64}");
  }

  @Test
  void a_block_id_has_at_most_64_characters() {
    assertThat(parser.parse(session(block("a".repeat(64)))).blocks().get(0).id()).hasSize(64);
    assertOnlyError(session(block("a".repeat(65))), "blocks[0].id", "{1,64}");
  }

  @Test
  void a_block_id_may_use_letters_digits_dot_dash_and_underscore() {
    assertThat(parser.parse(session(block("Az09_.-"))).blocks().get(0).id()).isEqualTo("Az09_.-");
  }

  @Test
  void a_block_id_must_be_a_string() {
    assertOnlyError(withBlockField("id", 7), "blocks[0].id", "string");
  }

  @Test
  void duplicate_block_ids_are_rejected_ignoring_case() {
    List<JsonObject> errors = errors(parser, session(block("fetch"), block("other"), block("FeTcH")));
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).getString("field")).isEqualTo("blocks[2].id");
    assertThat(errors.get(0).getString("message")).contains("blocks[0]").contains("case-insensitive");
  }

  @Test
  void an_explicit_id_equal_to_a_default_id_of_an_earlier_block_is_not_a_duplicate() {
    Submission s = parser.parse(session(block(), block("block-1")));
    assertThat(s.blocks()).extracting(BlockSpec::id).doesNotHaveDuplicates();
  }

  @Test
  void require_names_earlier_blocks_ignoring_case() {
    Submission s = parser.parse(session(block("Fetch"), block(), block("resize", "FETCH", "block-2")));
    assertThat(s.blocks().get(2).requires()).containsExactly("fetch", "block-2");
  }

  @Test
  void require_of_a_later_block_is_rejected() {
    assertOnlyError(session(block("a", "b"), block("b")), "blocks[0].require[0]", "later block");
  }

  @Test
  void require_of_an_unknown_block_is_rejected() {
    assertOnlyError(session(block("a"), block("b", "a", "nope")), "blocks[1].require[1]", "unknown block: nope");
  }

  @Test
  void a_block_cannot_require_itself() {
    assertOnlyError(session(block("a", "A")), "blocks[0].require[0]", "itself");
  }

  @Test
  void require_must_be_an_array_of_ids() {
    assertOnlyError(session(block("a"), block("b").put("require", "a")), "blocks[1].require", "array");
    assertOnlyError(session(block("a"), block("b").put("require", new JsonArray().add(1))), "blocks[1].require[0]",
        "string");
  }

  @Test
  void params_must_be_an_object_and_dataset_an_array() {
    assertOnlyError(withBlockField("params", new JsonArray()), "blocks[0].params", "JSON object");
    assertOnlyError(withBlockField("dataset", new JsonObject()), "blocks[0].dataset", "array");
  }

  @ParameterizedTest
  @ValueSource(strings = {"blocker", "replayable", "interrupt"})
  void flags_must_be_booleans(String flag) {
    assertOnlyError(withBlockField(flag, "yes"), "blocks[0]." + flag, "true or false");
  }

  @Test
  void delay_must_not_be_negative() {
    assertOnlyError(withBlockField("delayMs", -1), "blocks[0].delayMs", "(was -1)");
    assertThat(parser.parse(withBlockField("delayMs", 0)).blocks().get(0).delayMs()).isZero();
  }

  @Test
  void block_priority_must_be_from_0_to_100() {
    assertOnlyError(withBlockField("priority", 101), "blocks[0].priority", "between 0 and 100");
    assertOnlyError(withBlockField("priority", -5), "blocks[0].priority", "between 0 and 100");
  }

  @Test
  void timeout_must_be_positive() {
    assertOnlyError(withBlockField("timeoutMs", 0), "blocks[0].timeoutMs", "(was 0)");
    assertOnlyError(withBlockField("timeoutMs", "5m"), "blocks[0].timeoutMs", "whole number");
  }

  @Test
  void retry_must_be_an_object_with_known_fields() {
    assertOnlyError(withBlockField("retry", 3), "blocks[0].retry", "JSON object");
    assertOnlyError(withRetry("attempts", 3), "blocks[0].retry.attempts", "unknown field");
  }

  @Test
  void retry_fields_are_range_checked() {
    assertOnlyError(withRetry("maxAttempts", -1), "blocks[0].retry.maxAttempts", "(was -1)");
    assertOnlyError(withRetry("maxAttempts", 2.5), "blocks[0].retry.maxAttempts", "whole number");
    assertOnlyError(withRetry("initialDelayMs", -1), "blocks[0].retry.initialDelayMs", "(was -1)");
    assertOnlyError(withRetry("multiplier", 0.5), "blocks[0].retry.multiplier", "0.5");
    assertOnlyError(withRetry("multiplier", "x"), "blocks[0].retry.multiplier", "number");
    assertOnlyError(withRetry("maxDelayMs", -1), "blocks[0].retry.maxDelayMs", "(was -1)");
    assertOnlyError(withRetry("jitterMs", -1), "blocks[0].retry.jitterMs", "(was -1)");
  }

  // --- handlers -------------------------------------------------------------------------------

  @Test
  void a_handler_is_required_and_must_be_an_object() {
    assertOnlyError(session(new JsonObject().put("id", "a")), "blocks[0].handler", "required");
    assertThat(fields(session(new JsonObject().put("handler", "noop")))).containsOnly("blocks[0].handler");
  }

  @Test
  void a_handler_needs_a_known_type() {
    assertOnlyError(withHandler(new JsonObject()), "blocks[0].handler.type", "required");
    assertOnlyError(withHandler(new JsonObject().put("type", "lambda")), "blocks[0].handler.type",
        "builtin, eventbus, http, command");
  }

  @ParameterizedTest
  @ValueSource(strings = {"noop", "echo", "sleep", "fail"})
  void every_builtin_is_accepted(String name) {
    assertThat(parser.parse(withHandler(builtin(name))).blocks().get(0).handler()).isEqualTo(builtin(name));
  }

  @Test
  void a_builtin_handler_needs_a_known_name_and_nothing_else() {
    assertOnlyError(withHandler(new JsonObject().put("type", "builtin")), "blocks[0].handler.name", "noop");
    assertOnlyError(withHandler(builtin("explode")), "blocks[0].handler.name", "explode");
    assertOnlyError(withHandler(builtin("noop").put("address", "a")), "blocks[0].handler.address", "unknown field");
  }

  @Test
  void an_eventbus_handler_needs_an_address() {
    JsonObject ok = new JsonObject().put("type", "eventbus").put("address", "images.resize");
    assertThat(parser.parse(withHandler(ok)).blocks().get(0).handler()).isEqualTo(ok);
    assertOnlyError(withHandler(new JsonObject().put("type", "eventbus")), "blocks[0].handler.address", "required");
    assertOnlyError(withHandler(new JsonObject().put("type", "eventbus").put("address", "  ")),
        "blocks[0].handler.address", "required");
    assertOnlyError(withHandler(ok.copy().put("url", "http://x")), "blocks[0].handler.url", "unknown field");
  }

  @Test
  void an_http_handler_needs_an_absolute_http_url() {
    JsonObject ok = new JsonObject().put("type", "http").put("url", "https://api.example.com/v1/x").put("method", "PUT")
        .put("headers", new JsonObject().put("X-Key", "k")).put("connectTimeoutMs", 500);
    assertThat(parser.parse(withHandler(ok)).blocks().get(0).handler()).isEqualTo(ok);
    assertThat(parser.parse(withHandler(new JsonObject().put("type", "http").put("url", "http://h/")))).isNotNull();
    assertOnlyError(withHandler(new JsonObject().put("type", "http")), "blocks[0].handler.url", "http");
    assertOnlyError(withHandler(new JsonObject().put("type", "http").put("url", "file:///etc/passwd")),
        "blocks[0].handler.url", "http");
  }

  @Test
  void an_http_handler_checks_method_headers_and_connect_timeout() {
    JsonObject http = new JsonObject().put("type", "http").put("url", "https://h.example/");
    assertOnlyError(withHandler(http.copy().put("method", "TRACE")), "blocks[0].handler.method", "TRACE");
    assertOnlyError(withHandler(http.copy().put("headers", new JsonObject().put("X-N", 1))),
        "blocks[0].handler.headers.X-N", "string");
    assertOnlyError(withHandler(http.copy().put("headers", "X-N: 1")), "blocks[0].handler.headers", "JSON object");
    assertOnlyError(withHandler(http.copy().put("connectTimeoutMs", 0)), "blocks[0].handler.connectTimeoutMs", "(was 0)");
    assertOnlyError(withHandler(http.copy().put("body", "x")), "blocks[0].handler.body", "unknown field");
  }

  @Test
  void command_handlers_are_rejected_when_disabled() {
    JsonObject command = new JsonObject().put("type", "command").put("argv", new JsonArray().add("ffmpeg"));
    assertOnlyError(parser, withHandler(command), "blocks[0].handler.type", "handlers.command.enabled");
  }

  @Test
  void command_handlers_are_accepted_when_enabled_and_allowed() {
    JsonObject command = new JsonObject().put("type", "command")
        .put("argv", new JsonArray().add("ffmpeg").add("-i").add("in.mp4").add("out.webm"));
    assertThat(withCommands.parse(withHandler(command)).blocks().get(0).handler()).isEqualTo(command);
  }

  @Test
  void a_command_rule_is_reported_on_its_field_of_the_block() {
    assertOnlyError(withCommands, withHandler(new JsonObject().put("type", "command")
        .put("argv", new JsonArray().add("rm").add("-rf").add("/"))), "blocks[0].handler.argv[0]", "handlers.command.allow");
    assertOnlyError(withCommands, withHandler(new JsonObject().put("type", "command").put("shell", "ls")),
        "blocks[0].handler.shell", "handlers.command.allowShell");
  }

  @Test
  void a_command_block_takes_no_dataset() {
    JsonObject block = new JsonObject().put("handler", new JsonObject().put("type", "command")
        .put("argv", new JsonArray().add("ffmpeg"))).put("dataset", new JsonArray().add(1).add(2));
    assertOnlyError(withCommands, session(block), "blocks[0].dataset", "takes no dataset");
  }

  // --- all errors at once ---------------------------------------------------------------------

  @Test
  void every_invalid_field_is_listed_in_one_rejection() {
    JsonObject body = new JsonObject()
        .put("colour", "red")
        .put("executionTime", "SOON")
        .put("priority", 500)
        .put("mode", "sequential").put("maxParallel", 3)
        .put("callback", new JsonObject().put("url", "ftp://x"))
        .put("blocks", new JsonArray()
            .add(block("A").put("delayMs", -1))
            .add(block("a", "missing"))
            .add(new JsonObject().put("id", "bad id").put("handler", builtin("nope")).put("timeoutMs", 0))
            .add(withHandlerBlock(new JsonObject().put("type", "command").put("argv", new JsonArray().add("rm")))));
    ProblemException e = rejection(parser, body);
    assertThat(e.errors().stream().map(o -> ((JsonObject) o).getString("field")).toList()).containsExactlyInAnyOrder(
        "colour", "executionTime", "priority", "maxParallel", "callback.url",
        "blocks[0].delayMs",
        "blocks[1].id", "blocks[1].require[0]",
        "blocks[2].id", "blocks[2].handler.name", "blocks[2].timeoutMs",
        "blocks[3].handler.type");
    assertThat(e.getMessage()).startsWith("12 invalid fields: ").contains("blocks[2].handler.name");
  }

  @Test
  void every_error_has_exactly_a_field_and_a_message() {
    for (Object o : rejection(parser, session(block("a b"), block()).put("priority", -1)).errors()) {
      JsonObject error = (JsonObject) o;
      assertThat(error.fieldNames()).containsExactlyInAnyOrder("field", "message");
      assertThat(error.getString("message")).isNotBlank();
    }
  }

  @Test
  void a_single_error_is_the_detail() {
    ProblemException e = rejection(parser, session(block()).put("priority", 101));
    assertThat(e.getMessage()).startsWith("priority: ");
  }

  private static JsonObject withHandlerBlock(JsonObject handler) {
    return new JsonObject().put("handler", handler);
  }
}
