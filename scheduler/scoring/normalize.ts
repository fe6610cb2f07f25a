/** Min-max normalisation of raw scores into [0, 1] in place (all equal -> all 1), as Kubernetes' helper.NormalizeScore does with its max. */
export function normalizeScores(scores: Float64Array): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of scores) {
    if (s < lo) lo = s;
    if (s > hi) hi = s;
  }
  const span = hi - lo;
  for (let i = 0; i < scores.length; i++) scores[i] = span > 0 ? (scores[i]! - lo) / span : 1;
  return scores;
}
