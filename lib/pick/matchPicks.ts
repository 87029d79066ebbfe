// Scoring picks against known particle centres: one-to-one matching within a distance, recall and precision.

export interface MatchPicksResult {
  matched: number;
  recall: number;
  precision: number;
}

/**
 * Greedy one-to-one matching of picks to truth centres, closest pairs first, pairs farther than
 * `maxDistance` (pixels) never matched. recall = matched/truth, precision = matched/picks (1 when empty).
 */
export function matchPicks(picks: { x: number; y: number }[], truth: { x: number; y: number }[], maxDistance: number): MatchPicksResult {
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < picks.length; i++) {
    for (let j = 0; j < truth.length; j++) {
      const d = Math.hypot(picks[i].x - truth[j].x, picks[i].y - truth[j].y);
      if (d <= maxDistance) pairs.push([d, i, j]);
    }
  }
  pairs.sort((a, b) => a[0] - b[0]);
  const usedP = new Set<number>();
  const usedT = new Set<number>();
  for (const [, i, j] of pairs) {
    if (usedP.has(i) || usedT.has(j)) continue;
    usedP.add(i);
    usedT.add(j);
  }
  const matched = usedP.size;
  return { matched, recall: truth.length ? matched / truth.length : 1, precision: picks.length ? matched / picks.length : 1 };
}
