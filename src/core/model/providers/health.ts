// Per-endpoint health marks: a failure puts an endpoint in back-off (doubling, capped);
// an answer clears it. Shared by every request the routed model serves in this process.

export interface HealthOptions {
  /** First back-off after a failure; doubles with each further failure. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  now?: () => number;
}

interface Mark {
  failures: number;
  downUntil: number;
}

export class HealthMarks {
  private readonly marks = new Map<string, Mark>();
  private readonly base: number;
  private readonly max: number;
  readonly now: () => number;

  constructor(options: HealthOptions = {}) {
    this.base = options.backoffBaseMs ?? 5_000;
    this.max = options.backoffMaxMs ?? 300_000;
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds left in the endpoint's back-off; 0 when it may be tried. */
  downFor(endpoint: string): number {
    const mark = this.marks.get(endpoint);
    return mark ? Math.max(0, mark.downUntil - this.now()) : 0;
  }

  failed(endpoint: string): void {
    const failures = (this.marks.get(endpoint)?.failures ?? 0) + 1;
    this.marks.set(endpoint, { failures, downUntil: this.now() + Math.min(this.max, this.base * 2 ** (failures - 1)) });
  }

  answered(endpoint: string): void {
    this.marks.delete(endpoint);
  }
}
