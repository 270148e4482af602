package io.blockline.metrics;

import io.blockline.block.IllegalMoves;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BlocklineMetricsTest {

  @Test
  void the_scrape_shows_the_illegal_block_moves_made() {
    String scrape = new BlocklineMetrics().scrape();
    assertThat(scrape).containsPattern("(?m)^blockline_blocks_illegal_moves_total " + IllegalMoves.count() + "\\.0$");
  }
}
