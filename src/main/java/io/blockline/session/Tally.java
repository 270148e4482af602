package io.blockline.session;

/**
 * A session's stored counts of its blocks ({@code sessions.n_*}), kept by every engine write so
 * that planning never counts a large session's blocks; only running blocks are counted live.
 */
public record Tally(int blocks, int success, int failed, int blocker, int prep, int waiting) {
}
