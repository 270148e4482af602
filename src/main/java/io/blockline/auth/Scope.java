package io.blockline.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What an API key may do. {@code admin} includes the other two and acts for any owner. */
public enum Scope {
  /** GET and HEAD: sessions, blocks, events, deliveries of the key's owner. */
  READ,
  /** Submits and every action on the key's owner's sessions (run, cancel, proceed, replay, ack, mock). */
  SUBMIT,
  /** Keys, and any owner's sessions ({@code X-Blockline-Owner} picks one, none sees all). */
  ADMIN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException naming the scope that is not one of read, submit, admin */
  public static Set<Scope> parse(Iterable<String> names) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String name : names) {
      String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
      switch (n) {
        case "read" -> scopes.add(READ);
        case "submit" -> scopes.add(SUBMIT);
        case "admin" -> scopes.add(ADMIN);
        default -> throw new IllegalArgumentException("unknown scope '" + name + "': one of read, submit, admin");
      }
    }
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("at least one scope is required: read, submit, admin");
    }
    return scopes;
  }
}
