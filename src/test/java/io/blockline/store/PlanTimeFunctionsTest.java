package io.blockline.store;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No statement hands {@code blockline_block_id(session, seq)} a parameter or a constant as its
 * session: in a custom plan (which PostgreSQL makes at every call of a statement whose generic
 * plan it judges too costly, such as a session's id range) the planner then runs that SQL function
 * to fold it, a parse and plan of its body each time, 0.6 ms of planning instead of 0.15 for the
 * session view. Such a statement writes the arithmetic out ({@code ($1::bigint << 20) + seq}).
 */
class PlanTimeFunctionsTest {
  private static final Pattern FOLDED_AT_PLAN_TIME = Pattern.compile("blockline_block_id\\(\\s*(\\$\\d+|\\d+)\\s*,");
  private static final List<Class<?>> STATEMENTS = List.of(BlockSql.class, SessionSql.class, NodeSql.class,
      DeliverySql.class, CommandRunSql.class, KeySql.class, OverviewSql.class);

  @Test
  void no_statement_gives_the_block_id_function_a_parameter_as_its_session() throws IllegalAccessException {
    List<String> offending = new ArrayList<>();
    int looked = 0;
    for (Class<?> owner : STATEMENTS) {
      for (Field field : owner.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
          field.setAccessible(true);
          String sql = (String) field.get(null);
          looked++;
          if (sql != null && FOLDED_AT_PLAN_TIME.matcher(sql).find()) {
            offending.add(owner.getSimpleName() + "." + field.getName());
          }
        }
      }
    }
    assertThat(looked).as("statements looked at").isGreaterThan(50);
    assertThat(offending).isEmpty();
  }

  @Test
  void the_pattern_catches_a_parameter_and_a_constant_but_not_a_column() {
    assertThat(FOLDED_AT_PLAN_TIME.matcher("WHERE b.id BETWEEN blockline_block_id($1, 0) AND x").find()).isTrue();
    assertThat(FOLDED_AT_PLAN_TIME.matcher("blockline_block_id(7, 0)").find()).isTrue();
    assertThat(FOLDED_AT_PLAN_TIME.matcher("blockline_block_id(s.id, u.seq)").find()).isFalse();
    assertThat(FOLDED_AT_PLAN_TIME.matcher("blockline_block_id($1)").find()).isFalse();
  }
}
