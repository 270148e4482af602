package io.blockline.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/** Typed reads of request fields that record a precise error instead of throwing. */
public final class JsonFields {
  private final JsonObject json;
  private final String prefix;
  private final FieldErrors errors;

  public JsonFields(JsonObject json, String prefix, FieldErrors errors) {
    this.json = json;
    this.prefix = prefix;
    this.errors = errors;
  }

  public String path(String field) {
    return prefix.isEmpty() ? field : prefix + "." + field;
  }

  public void rejectUnknown(Set<String> known) {
    for (String field : json.fieldNames()) {
      if (!known.contains(field)) {
        errors.add(path(field), "unknown field");
      }
    }
  }

  /** Whether the field is present and not null: tells a missing field from one of the wrong type. */
  public boolean has(String field) {
    return json.getValue(field) != null;
  }

  public String string(String field, String fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (value instanceof String s) {
      return s;
    }
    errors.add(path(field), "must be a string");
    return fallback;
  }

  public boolean bool(String field, boolean fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    errors.add(path(field), "must be true or false");
    return fallback;
  }

  /** A whole number in [min, max], or the fallback when absent. */
  public Long integer(String field, Long fallback, long min, long max) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    long number;
    if (value instanceof Integer || value instanceof Long) {
      number = ((Number) value).longValue();
    } else if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && Math.abs(n.doubleValue()) < 9.0e15) {
      number = n.longValue();
    } else {
      errors.add(path(field), "must be a whole number");
      return fallback;
    }
    if (number < min || number > max) {
      errors.add(path(field), max == Long.MAX_VALUE
          ? "must be ≥ " + min + " (was " + number + ")"
          : "must be between " + min + " and " + max + " (was " + number + ")");
      return fallback;
    }
    return number;
  }

  public Double decimal(String field, Double fallback, double min) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number n) || Double.isNaN(n.doubleValue()) || Double.isInfinite(n.doubleValue())) {
      errors.add(path(field), "must be a number");
      return fallback;
    }
    if (n.doubleValue() < min) {
      errors.add(path(field), "must be ≥ " + min + " (was " + n + ")");
      return fallback;
    }
    return n.doubleValue();
  }

  public JsonObject object(String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof JsonObject o) {
      return o;
    }
    errors.add(path(field), "must be a JSON object");
    return null;
  }

  public JsonArray array(String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof JsonArray a) {
      return a;
    }
    errors.add(path(field), "must be an array");
    return null;
  }

  public <E extends Enum<E>> E enumValue(String field, Class<E> type, E fallback, boolean lowerCaseWire) {
    String raw = string(field, null);
    if (raw == null) {
      return fallback;
    }
    for (E constant : type.getEnumConstants()) {
      String wire = lowerCaseWire ? constant.name().toLowerCase(java.util.Locale.ROOT) : constant.name();
      if (wire.equals(raw)) {
        return constant;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (E constant : type.getEnumConstants()) {
      allowed.append(allowed.length() == 0 ? "" : ", ")
          .append(lowerCaseWire ? constant.name().toLowerCase(java.util.Locale.ROOT) : constant.name());
    }
    errors.add(path(field), "must be one of " + allowed + " (was " + raw + ")");
    return fallback;
  }
}
