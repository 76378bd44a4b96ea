// Output capture with a hard memory bound: the first part (where a build usually says
// what broke first) and the last part (where a test runner prints its summary) are kept;
// the middle is dropped and counted. Memory stays O(cap) whatever the command prints.

/** Share of the cap kept from the start; the rest is the tail. */
const HEAD_SHARE = 0.4;

export class CappedBuffer {
  readonly cap: number;
  private readonly headCap: number;
  private readonly tailCap: number;
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private total = 0;

  constructor(cap: number) {
    this.cap = Math.max(0, Math.floor(cap));
    this.headCap = Math.floor(this.cap * HEAD_SHARE);
    this.tailCap = this.cap - this.headCap;
  }

  get totalBytes(): number {
    return this.total;
  }

  get truncated(): boolean {
    return this.total > this.cap;
  }

  push(chunk: Buffer): void {
    this.total += chunk.length;
    let rest = chunk;
    if (this.headBytes < this.headCap) {
      const take = Math.min(this.headCap - this.headBytes, rest.length);
      this.head.push(Buffer.from(rest.subarray(0, take)));
      this.headBytes += take;
      rest = rest.subarray(take);
    }
    if (rest.length === 0 || this.tailCap === 0) return;
    if (rest.length >= this.tailCap) {
      // Copy, so a large chunk's backing buffer is not kept alive by a small view.
      this.tail = [Buffer.from(rest.subarray(rest.length - this.tailCap))];
      this.tailBytes = this.tailCap;
      return;
    }
    // A small view can pin a large read buffer; keep only its bytes.
    this.tail.push(rest.buffer.byteLength > 2 * rest.length ? Buffer.from(rest) : rest);
    this.tailBytes += rest.length;
    while (this.tailBytes > this.tailCap) {
      const first = this.tail[0]!;
      const excess = this.tailBytes - this.tailCap;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailBytes -= first.length;
      } else {
        this.tail[0] = Buffer.from(first.subarray(excess));
        this.tailBytes -= excess;
      }
    }
  }

  /** The kept bytes, head then tail, without the marker. */
  keptBytes(): Buffer {
    return Buffer.concat([...this.head, ...this.tail]);
  }

  /** The kept text; when bytes were dropped, a marker line says how many. */
  text(): string {
    const head = Buffer.concat(this.head).toString('utf8');
    const tail = Buffer.concat(this.tail).toString('utf8');
    if (!this.truncated) return head + tail;
    const omitted = this.total - this.headBytes - this.tailBytes;
    return `${head}\n[... oryon: ${omitted} bytes of output omitted (cap ${this.cap} bytes) ...]\n${tail}`;
  }
}

/** stdout, stderr and both interleaved as they arrived, each capped. */
export class OutputCapture {
  readonly stdout: CappedBuffer;
  readonly stderr: CappedBuffer;
  readonly combined: CappedBuffer;

  constructor(cap: number) {
    this.stdout = new CappedBuffer(cap);
    this.stderr = new CappedBuffer(cap);
    this.combined = new CappedBuffer(cap);
  }

  push(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    this[stream].push(chunk);
    this.combined.push(chunk);
  }

  get truncated(): boolean {
    return this.combined.truncated;
  }
}
