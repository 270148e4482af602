package io.blockline.handler;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The handler kinds a node serves, by {@code type}: the submit parser validates with them, the
 * claim loop asks which kinds receive earlier results, and each worker verticle creates their
 * handlers. Immutable, so one registry is shared by every verticle:
 * <pre>{@code
 * BlocklineServer.start(config, HandlerKinds.standard().with(new MyKind()));
 * }</pre>
 */
public final class HandlerKinds {
  private static final List<String> STANDARD = List.of("builtin", "eventbus", "http", "command");

  private final Map<String, HandlerKind> kinds;

  private HandlerKinds(Map<String, HandlerKind> kinds) {
    this.kinds = Collections.unmodifiableMap(kinds);
  }

  /**
   * {@code builtin}, {@code eventbus}, {@code http} and {@code command}, in that order; command
   * handlers refused until {@link #withCommands} (a node applies its {@code handlers.command.*}
   * configuration when it starts).
   */
  public static HandlerKinds standard() {
    Map<String, HandlerKind> kinds = new LinkedHashMap<>();
    for (HandlerKind kind : List.of(new BuiltinKind(), new EventBusKind(), new HttpKind(),
        new CommandKind(CommandPolicy.disabled()))) {
      kinds.put(kind.type(), kind);
    }
    return new HandlerKinds(kinds);
  }

  /** A copy whose {@code command} kind accepts what {@code policy} allows. */
  public HandlerKinds withCommands(CommandPolicy policy) {
    Map<String, HandlerKind> copy = new LinkedHashMap<>(kinds);
    copy.put("command", new CommandKind(policy));
    return new HandlerKinds(copy);
  }

  /**
   * A copy with {@code kind} added after the others.
   *
   * @throws IllegalArgumentException when its type is blank or already registered (a standard
   *     kind cannot be replaced)
   */
  public HandlerKinds with(HandlerKind kind) {
    String type = kind.type();
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("a handler kind needs a type; " + kind.getClass().getName() + " has none");
    }
    if (STANDARD.contains(type)) {
      throw new IllegalArgumentException("handler kind " + type + " is a standard kind and cannot be replaced");
    }
    if (kinds.containsKey(type)) {
      throw new IllegalArgumentException("handler kind " + type + " is already registered");
    }
    Map<String, HandlerKind> copy = new LinkedHashMap<>(kinds);
    copy.put(type, kind);
    return new HandlerKinds(copy);
  }

  /** The kind serving {@code type}, or null. */
  public HandlerKind find(String type) {
    return kinds.get(type);
  }

  /** Every type, standard ones first, then in registration order. */
  public List<String> types() {
    return List.copyOf(kinds.keySet());
  }

  /** Whether runs of {@code type} get earlier results; an unregistered type does (it fails anyway). */
  public boolean receivesResults(String type) {
    HandlerKind kind = kinds.get(type);
    return kind == null || kind.receivesResults();
  }

  /** Whether blocks of {@code type} may carry a dataset; an unregistered type may (it fails anyway). */
  public boolean takesDataset(String type) {
    HandlerKind kind = kinds.get(type);
    return kind == null || kind.takesDataset();
  }

  /** The types whose blocks are never claimed by ranges ({@link HandlerKind#claimedInRanges()}). */
  public List<String> notClaimedInRanges() {
    return kinds.values().stream().filter(k -> !k.claimedInRanges()).map(HandlerKind::type).toList();
  }

  /** One runtime handler per kind, by type, for a worker verticle starting with these services. */
  public Map<String, BlockHandler> handlers(HandlerServices services) {
    Map<String, BlockHandler> handlers = new LinkedHashMap<>();
    kinds.forEach((type, kind) -> handlers.put(type, kind.handler(services)));
    return handlers;
  }
}
