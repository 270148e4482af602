package io.blockline.block;

import java.util.List;

/**
 * What one claim took: the runs, and the place in the claim order of the last block it took (null
 * when it took none), where a next claim may resume.
 */
public record ClaimBatch(List<ClaimedRun> runs, ClaimPosition last) {
}
