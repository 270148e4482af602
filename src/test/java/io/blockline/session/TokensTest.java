package io.blockline.session;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TokensTest {
  @Test
  void session_tokens_are_url_safe_of_fixed_length_and_say_their_kind() {
    assertThat(Tokens.session()).startsWith("s").hasSize(26).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void a_block_token_is_its_sessions_token_with_its_seq() {
    String session = Tokens.session();
    assertThat(Tokens.block(session, 0)).isEqualTo("b" + session.substring(1) + ".0").matches("[A-Za-z0-9_.-]+");
    assertThat(Tokens.block(session, 9_999)).isEqualTo("b" + session.substring(1) + ".9999");
  }

  @Test
  void every_seq_a_session_may_hold_fits_in_the_block_id_bits() {
    assertThat(SubmissionParser.MAX_BLOCKS).as("V12: seq takes the low 20 bits of a block id").isLessThan(1 << 20);
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
