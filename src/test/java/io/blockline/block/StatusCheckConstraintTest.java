package io.blockline.block;

import io.blockline.session.SessionStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * STYLE.md: the status columns' CHECKs and the status enums list the same names; this test keeps
 * them identical. Runs keep V1's check; blocks and sessions have V3's one check per table.
 */
class StatusCheckConstraintTest {
  private static final String V1 = "/db/migration/V1__sessions_blocks_runs_activity_deliveries.sql";
  private static final Pattern STATUS_CHECK =
      Pattern.compile("\\bstatus\\s+text\\b[^,]*?CHECK\\s*\\(\\s*status\\s+IN\\s*\\(([^)]*)\\)\\s*\\)",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
  private static final String V3 = "/db/migration/V3__lighter_hot_path_writes.sql";

  private static String sql;
  private static String v3;

  @BeforeAll
  static void readMigrations() throws IOException {
    sql = read(V1);
    v3 = read(V3);
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = StatusCheckConstraintTest.class.getResourceAsStream(resource)) {
      assertThat(in).as("%s on the classpath", resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The names of V3's {@code ADD CONSTRAINT <table>_state CHECK (status = ANY ('{…}'::text[]) …)}. */
  private static List<String> stateCheck(String tableName) {
    Matcher m = Pattern.compile("ADD CONSTRAINT " + tableName + "_state CHECK \\(\\s*status = ANY \\('\\{([^}]*)\\}'::text\\[\\]\\)")
        .matcher(v3);
    assertThat(m.find()).as("V3's %s_state check on the status names", tableName).isTrue();
    return Arrays.asList(m.group(1).split(","));
  }

  /** The body of {@code CREATE TABLE name ( … );}, comments removed. */
  private static String table(String name) {
    Matcher m = Pattern.compile("CREATE\\s+TABLE\\s+" + name + "\\s*\\((.*?)\\n\\);", Pattern.CASE_INSENSITIVE | Pattern.DOTALL)
        .matcher(sql);
    assertThat(m.find()).as("CREATE TABLE %s in %s", name, V1).isTrue();
    return m.group(1).replaceAll("--[^\\n]*", "");
  }

  /** The quoted names of the status column's {@code CHECK (status IN (…))}. */
  private static List<String> statusCheck(String tableName) {
    Matcher m = STATUS_CHECK.matcher(table(tableName));
    assertThat(m.find()).as("a CHECK (status IN (...)) on %s.status", tableName).isTrue();
    List<String> names = QUOTED.matcher(m.group(1)).results().map(r -> r.group(1)).toList();
    assertThat(m.find()).as("only one status IN check on %s", tableName).isFalse();
    return names;
  }

  private static List<String> names(Enum<?>[] constants) {
    return Arrays.stream(constants).map(Enum::name).toList();
  }

  @Test
  void the_blocks_status_check_lists_exactly_the_block_statuses() {
    List<String> check = stateCheck("blocks");
    assertThat(check).doesNotHaveDuplicates();
    assertThat(check).containsExactlyInAnyOrderElementsOf(names(BlockStatus.values()));
  }

  @Test
  void the_sessions_status_check_lists_exactly_the_session_statuses() {
    List<String> check = stateCheck("sessions");
    assertThat(check).doesNotHaveDuplicates();
    assertThat(check).containsExactlyInAnyOrderElementsOf(names(SessionStatus.values()));
  }

  @Test
  void the_status_columns_default_to_standby() {
    assertThat(table("blocks")).containsPattern("status\\s+text\\s+NOT NULL DEFAULT 'STANDBY'");
    assertThat(table("sessions")).containsPattern("status\\s+text\\s+NOT NULL DEFAULT 'STANDBY'");
  }

  @Test
  void the_running_lease_rule_stays_with_the_status_names() {
    assertThat(v3).containsPattern("status <> 'RUNNING' OR \\(lease_token IS NOT NULL AND lease_until IS NOT NULL\\)");
  }

  @Test
  void every_run_status_is_a_block_status() {
    assertThat(statusCheck("runs")).isSubsetOf(names(BlockStatus.values()));
  }
}
