package io.blockline.engine;

import io.blockline.block.IllegalMoves;
import io.blockline.testsupport.Api;
import io.blockline.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.blockline.testsupport.Sessions.noop;
import static io.blockline.testsupport.Sessions.session;
import static org.assertj.core.api.Assertions.assertThat;

/** A node's scrape shows {@code blockline_blocks_illegal_moves_total}, the count {@link IllegalMoves} keeps. */
class IllegalMovesMetricTest {
  @RegisterExtension
  static final TestServer node = TestServer.perClass();
  static final Api api = node.api();

  @Test
  void the_scrape_shows_the_illegal_block_moves_made_and_a_session_makes_none() {
    long before = IllegalMoves.count();
    api.awaitStatus(api.submit(session(noop("a"), noop("b"))).getString("token"), "SUCCESS");

    assertThat(IllegalMoves.count()).isEqualTo(before);
    assertThat(api.metric("blockline_blocks_illegal_moves_total")).isEqualTo((double) IllegalMoves.count());
  }
}
