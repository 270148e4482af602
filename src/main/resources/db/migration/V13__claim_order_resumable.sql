-- V13: a claim can start where the last full one stopped (issue 15: draining a large queue).
--
-- The claim reads blocks_claimable from its head. Every block claimed since the table was last
-- vacuumed leaves a dead entry there, and each claim stepped over all of them again: draining
-- 100,000 queued blocks, a claim of 64 spent 5-12 ms on the dead head alone (about 60 µs of
-- database time per block, half the drain's). A claim loop that keeps a backlog busy now resumes
-- after the last block its previous claim took (BlockSql.CLAIM_AFTER, ClaimCursor): one row
-- comparison on the index's three keys. The index orders by -priority, ascending like the other
-- two keys, because a row comparison cannot mix directions; the order is the one it had.
DROP INDEX blocks_claimable;
CREATE INDEX blocks_claimable ON blocks ((-priority), fair_key, id) INCLUDE (next_run_at)
  WHERE status = 'STANDBY' AND next_run_at IS NOT NULL;
