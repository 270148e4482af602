package io.blockline.handler;

import io.blockline.api.FieldErrors;
import io.blockline.api.JsonFields;

import java.util.Set;

/**
 * The {@code builtin} kind: {@code {"type":"builtin","name":"noop|echo|sleep|fail"}}, run by
 * {@link BuiltinHandlers}. Builtins never read earlier results, so none are loaded for them.
 */
public final class BuiltinKind implements HandlerKind {
  private static final Set<String> NAMES = Set.of("noop", "echo", "sleep", "fail");

  @Override
  public String type() {
    return "builtin";
  }

  @Override
  public void validate(JsonFields f, FieldErrors errors) {
    f.rejectUnknown(Set.of("type", "name"));
    String name = f.string("name", null);
    if (name == null || !NAMES.contains(name)) {
      errors.add(f.path("name"), "must be one of noop, echo, sleep, fail" + (name == null ? "" : " (was " + name + ")"));
    }
  }

  @Override
  public boolean receivesResults() {
    return false;
  }

  @Override
  public BlockHandler handler(HandlerServices services) {
    return new BuiltinHandlers(services.vertx());
  }
}
