import { performance } from 'node:perf_hooks';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Median wall time in ms of `runs` calls, after `warmup` unmeasured ones. */
export async function medianMs(runs: number, body: () => unknown, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await body();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await body();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/**
 * Medians of several commands run in turn, round after round (the first `warmup` rounds
 * unmeasured), so a machine that gets busier mid-run weighs on every row alike: the way
 * to compare a command with `node -e 0`.
 */
export function interleavedMedians(rounds: number, bodies: Record<string, () => unknown>, warmup = 2): Record<string, number> {
  const samples = new Map<string, number[]>(Object.keys(bodies).map((name) => [name, []]));
  for (let round = 0; round < rounds + warmup; round++) {
    for (const [name, body] of Object.entries(bodies)) {
      const start = performance.now();
      body();
      if (round >= warmup) samples.get(name)!.push(performance.now() - start);
    }
  }
  return Object.fromEntries([...samples].map(([name, values]) => [name, median(values)]));
}
