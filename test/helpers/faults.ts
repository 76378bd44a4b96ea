// Fault injection for the fake model servers, in the spirit of the FAULT_INJECTION
// switches mature model adapters ship. A fault script is a comma-separated list applied
// to successive chat requests; "ok" lets one through. A faulted request does not consume
// the scripted reply, so the retry (or the fallback) gets it: nothing is lost.
//
//   500 | 503 | 429        answer with that status
//   reset                  destroy the socket before any byte (connection reset)
//   drop:N                 stream N chunks, then cut the connection
//   stall-first:MS         wait MS before the headers (a first token that never comes)
//   stall:N:MS             stream N chunks, then wait MS mid-stream
//   malformed:N            stream N chunks, then a line that is not JSON
//
// The script comes from the server's `faults` option or the FAULT_INJECTION variable.

export type Fault =
  | { kind: 'status'; status: number }
  | { kind: 'reset' }
  | { kind: 'drop'; afterChunks: number }
  | { kind: 'stall-first'; ms: number }
  | { kind: 'stall'; afterChunks: number; ms: number }
  | { kind: 'malformed'; afterChunks: number };

export function parseFaults(spec: string | undefined): Array<Fault | undefined> {
  if (!spec?.trim()) return [];
  return spec.split(',').map((item) => parseFault(item.trim()));
}

export function parseFault(item: string): Fault | undefined {
  const [kind, a, b] = item.split(':');
  const num = (value: string | undefined, what: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new Error(`fault "${item}": ${what} must be a non-negative integer`);
    return n;
  };
  if (kind === 'ok' || kind === '') return undefined;
  if (/^\d{3}$/.test(kind!)) return { kind: 'status', status: Number(kind) };
  if (kind === 'reset') return { kind: 'reset' };
  if (kind === 'drop') return { kind: 'drop', afterChunks: num(a, 'N') };
  if (kind === 'stall-first') return { kind: 'stall-first', ms: num(a, 'MS') };
  if (kind === 'stall') return { kind: 'stall', afterChunks: num(a, 'N'), ms: num(b, 'MS') };
  if (kind === 'malformed') return { kind: 'malformed', afterChunks: num(a, 'N') };
  throw new Error(`unknown fault "${item}"`);
}

/** A script that faults a given fraction of requests, reproducibly (mulberry32 from the seed). */
export function randomFaults(count: number, rate: number, seed: number): Array<Fault | undefined> {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const kinds: Array<() => Fault> = [
    () => ({ kind: 'status', status: 503 }),
    () => ({ kind: 'status', status: 500 }),
    () => ({ kind: 'drop', afterChunks: 2 }),
    () => ({ kind: 'malformed', afterChunks: 1 }),
    () => ({ kind: 'reset' }),
  ];
  return Array.from({ length: count }, () => (next() < rate ? kinds[Math.floor(next() * kinds.length)]!() : undefined));
}

/** Hands out the script's faults in order, one per chat request. */
export class FaultScript {
  private readonly faults: Array<Fault | undefined>;
  private index = 0;
  readonly injected: Fault[] = [];

  constructor(faults: string | Array<Fault | undefined> | undefined = process.env.FAULT_INJECTION) {
    this.faults = typeof faults === 'string' || faults === undefined ? parseFaults(faults) : faults;
  }

  next(): Fault | undefined {
    const fault = this.faults[this.index++];
    if (fault) this.injected.push(fault);
    return fault;
  }
}
