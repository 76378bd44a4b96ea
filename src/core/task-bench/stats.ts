// Small pure statistics for comparing benchmark configurations. No dependencies: the
// formulas are short and their tests pin them to published values.

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for a binomial proportion (95% by default). Unlike the normal
 * approximation it stays inside [0, 1] and is honest at small n and at 0% or 100%.
 */
export function wilsonInterval(successes: number, trials: number, z = 1.959963984540054): Interval {
  if (trials <= 0) return { low: 0, high: 1 };
  if (successes < 0 || successes > trials) throw new RangeError(`successes ${successes} outside 0..${trials}`);
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  // At 0 and n the bound is exactly 0 or 1 (floating point would leave 0.9999999999999999).
  return { low: successes === 0 ? 0 : Math.max(0, centre - half), high: successes === trials ? 1 : Math.min(1, centre + half) };
}

/** log of n choose k, via log-gamma sums (exact enough for n in the thousands). */
function logChoose(n: number, k: number): number {
  let sum = 0;
  for (let i = 1; i <= k; i++) sum += Math.log(n - k + i) - Math.log(i);
  return sum;
}

export interface McNemarResult {
  /** Tasks only A passed. */
  onlyA: number;
  /** Tasks only B passed. */
  onlyB: number;
  /** Two-sided exact p-value (binomial test on the discordant pairs, p = 0.5). */
  pValue: number;
  significant: boolean;
}

/**
 * Exact McNemar test on paired pass/fail outcomes: only the tasks where the two
 * configurations disagree carry information. Two-sided, doubled one tail, capped at 1.
 */
export function mcnemarExact(onlyA: number, onlyB: number, alpha = 0.05): McNemarResult {
  const n = onlyA + onlyB;
  if (n === 0) return { onlyA, onlyB, pValue: 1, significant: false };
  const k = Math.min(onlyA, onlyB);
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += Math.exp(logChoose(n, i) - n * Math.LN2);
  const pValue = Math.min(1, 2 * tail);
  return { onlyA, onlyB, pValue, significant: pValue < alpha };
}

/** Paired outcomes → the McNemar test (pairs are the same task under A and under B). */
export function pairedTest(pairs: ReadonlyArray<readonly [boolean, boolean]>, alpha = 0.05): McNemarResult {
  let onlyA = 0;
  let onlyB = 0;
  for (const [a, b] of pairs) {
    if (a && !b) onlyA++;
    else if (b && !a) onlyB++;
  }
  return mcnemarExact(onlyA, onlyB, alpha);
}

export function median(values: readonly number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
