package io.blockline.store;

import java.util.List;

/**
 * Whether a started plain parallel session's blocks are claimed by ranges ({@code BlockSql.START_WAITING},
 * V14), and the handler types that never are ({@code HandlerKinds.notClaimedInRanges}).
 */
public record RangeClaims(boolean enabled, List<String> excludedTypes) {
  /** Block by block, as before V14. */
  public static final RangeClaims OFF = new RangeClaims(false, List.of());

  String[] excludedTypesArray() {
    return excludedTypes.toArray(String[]::new);
  }
}
