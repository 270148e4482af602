package io.blockline.config;

import io.vertx.core.json.JsonArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Parses one raw value (a JSON value or an environment string) by its {@link ConfigKey.Type}. */
final class ConfigValues {
  private ConfigValues() {
  }

  static Object parse(ConfigKey.Type type, Object raw) {
    return switch (type) {
      case STRING -> string(raw);
      case LIST -> list(raw);
      case BOOLEAN -> bool(raw);
      case PORT -> inRange(asLong(raw), 0, 65_535, "a port number 0..65535").intValue();
      case POSITIVE_INT -> inRange(asLong(raw), 1, Integer.MAX_VALUE, "a whole number ≥ 1").intValue();
      case POSITIVE_LONG -> inRange(asLong(raw), 1, Long.MAX_VALUE, "a whole number ≥ 1");
      case NON_NEGATIVE_LONG -> inRange(asLong(raw), 0, Long.MAX_VALUE, "a whole number ≥ 0");
      case POSITIVE_DOUBLE -> positive(asDouble(raw));
      case NON_NEGATIVE_DOUBLE -> nonNegative(asDouble(raw));
      case FACTOR -> atLeastOne(asDouble(raw));
    };
  }

  private static String string(Object raw) {
    if (raw instanceof io.vertx.core.json.JsonObject || raw instanceof io.vertx.core.json.JsonArray
        || raw instanceof java.util.Map || raw instanceof java.util.List) {
      throw new IllegalArgumentException("expected a string");
    }
    return raw.toString();
  }

  /** A comma-separated string (what an environment variable can hold) or a JSON array of strings. */
  private static List<String> list(Object raw) {
    Iterable<?> items;
    if (raw instanceof JsonArray array) {
      items = array;
    } else if (raw instanceof List<?> l) {
      items = l;
    } else if (raw instanceof String text) {
      items = Arrays.asList(text.split(","));
    } else {
      throw new IllegalArgumentException("expected a comma-separated list or an array of strings");
    }
    List<String> values = new ArrayList<>();
    for (Object item : items) {
      if (!(item instanceof String s)) {
        throw new IllegalArgumentException("expected a comma-separated list or an array of strings");
      }
      if (!s.isBlank()) {
        values.add(s.trim());
      }
    }
    return List.copyOf(values);
  }

  private static double atLeastOne(double value) {
    if (!(value >= 1) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("expected a number ≥ 1");
    }
    return value;
  }

  private static Boolean bool(Object raw) {
    if (raw instanceof Boolean b) {
      return b;
    }
    String text = raw.toString().trim();
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new IllegalArgumentException("expected true or false");
  }

  private static Long asLong(Object raw) {
    if (raw instanceof Integer || raw instanceof Long) {
      return ((Number) raw).longValue();
    }
    try {
      return Long.parseLong(raw.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a whole number");
    }
  }

  private static Long inRange(Long value, long min, long max, String expected) {
    if (value < min || value > max) {
      throw new IllegalArgumentException("expected " + expected);
    }
    return value;
  }

  private static double asDouble(Object raw) {
    if (raw instanceof Number number) {
      return number.doubleValue();
    }
    try {
      return Double.parseDouble(raw.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a number");
    }
  }

  private static double positive(double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("expected a number > 0");
    }
    return value;
  }

  private static double nonNegative(double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("expected a number ≥ 0");
    }
    return value;
  }
}
