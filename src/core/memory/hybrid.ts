/** The usual RRF constant: dampens the weight of the very first ranks. */
export const RRF_K = 60;

/**
 * Reciprocal rank fusion: each list votes 1/(RRF_K + rank) for its items, so an item
 * ranked well by both BM25 and the vectors wins without comparing their raw scores.
 */
export function reciprocalRankFusion(lists: Array<readonly number[]>, weights?: readonly number[]): Array<{ id: number; score: number }> {
  const scores = new Map<number, number>();
  lists.forEach((list, listIndex) => {
    const weight = weights?.[listIndex] ?? 1;
    list.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + weight / (RRF_K + rank + 1)));
  });
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || a.id - b.id);
}
