package io.blockline.session;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TokensTest {
  @Test
  void tokens_are_url_safe_of_fixed_length_and_say_their_kind() {
    assertThat(Tokens.session()).startsWith("s").hasSize(26).matches("[A-Za-z0-9_-]+");
    assertThat(Tokens.block()).startsWith("b").hasSize(26).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void later_tokens_sort_after_earlier_ones_whatever_their_random_part() {
    String earlier = Tokens.token('s', 1_700_000_000_000L);
    String later = Tokens.token('s', 1_700_000_000_001L);
    String muchLater = Tokens.token('s', 2_000_000_000_000L);
    assertThat(earlier.substring(0, 10)).isLessThan(later.substring(0, 10));
    assertThat(earlier).isLessThan(later).isLessThan(muchLater);
    assertThat(earlier.toLowerCase()).as("also in a case-insensitive collation").isLessThan(later.toLowerCase());
  }

  @Test
  void tokens_of_the_same_millisecond_differ() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertThat(seen.add(Tokens.token('b', 1_700_000_000_000L))).isTrue();
    }
  }
}
