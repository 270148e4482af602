package io.blockline.maintenance;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When the planner statistics of {@code blocks} count as out of date. */
class StatsKeeperTest {
  @Test
  void a_table_never_analyzed_is_analyzed_once_it_holds_a_thousand_rows() {
    assertThat(StatsKeeper.outdated(-1, 999)).isFalse();
    assertThat(StatsKeeper.outdated(-1, 1_000)).isTrue();
    assertThat(StatsKeeper.outdated(0, 5_000)).isTrue();
  }

  @Test
  void an_analyzed_table_waits_until_it_has_doubled() {
    assertThat(StatsKeeper.outdated(34_500, 60_000)).as("grown by three quarters").isFalse();
    assertThat(StatsKeeper.outdated(34_500, 69_000)).isTrue();
    assertThat(StatsKeeper.outdated(1_000_000, 1_500_000)).isFalse();
  }

  @Test
  void a_small_table_needs_a_thousand_new_rows_even_when_it_doubled() {
    assertThat(StatsKeeper.outdated(300, 900)).isFalse();
    assertThat(StatsKeeper.outdated(300, 1_300)).isTrue();
  }

  @Test
  void a_table_that_shrank_or_stayed_is_left_alone() {
    assertThat(StatsKeeper.outdated(50_000, 10_000)).isFalse();
    assertThat(StatsKeeper.outdated(50_000, 50_000)).isFalse();
  }
}
