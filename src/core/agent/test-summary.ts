// Reads a test runner's output for the numbers a progress line needs ("test: 3 failed").
// Best effort across runners; the exit code stays the verdict.

const PATTERNS: Array<{ regex: RegExp; failed: (m: RegExpMatchArray) => number }> = [
  // unittest: FAILED (failures=2, errors=1)
  { regex: /FAILED \(([^)]*)\)/, failed: (m) => sumCounts(m[1]!, /(?:failures|errors)=(\d+)/g) },
  // pytest: "==== 2 failed, 3 passed in 0.1s ====", or with -q just "1 failed, 2 passed in 0.02s"
  { regex: /^=*\s*(?:\d+ \w+, )*\d+ (?:failed|errors?)\b.* in [\d.]+s/m, failed: (m) => sumCounts(m[0], /(\d+) (?:failed|errors?)\b/g) },
  // node --test: "# fail 3"
  { regex: /^# fail (\d+)/m, failed: (m) => Number(m[1]) },
  // vitest / jest: "Tests  3 failed | 2 passed" / "Tests: 3 failed, 2 passed"
  { regex: /Tests:?\s+(\d+) failed/, failed: (m) => Number(m[1]) },
  // cargo: "test result: FAILED. 1 passed; 2 failed"
  { regex: /test result: FAILED\. \d+ passed; (\d+) failed/, failed: (m) => Number(m[1]) },
];

function sumCounts(text: string, regex: RegExp): number {
  let total = 0;
  for (const match of text.matchAll(regex)) total += Number(match[1]);
  return total;
}

/** How many tests failed, when the output says; undefined when it cannot tell. */
export function countFailures(output: string): number | undefined {
  for (const { regex, failed } of PATTERNS) {
    const match = output.match(regex);
    if (match) return failed(match);
  }
  // go test: one "--- FAIL:" line per failing test.
  const goFailures = output.match(/^\s*--- FAIL: /gm);
  return goFailures ? goFailures.length : undefined;
}

/** The last `maxBytes` of output on line boundaries, marked when cut so the model knows. */
export function outputTail(output: string, maxBytes: number): string {
  const buffer = Buffer.from(output, 'utf8');
  if (buffer.length <= maxBytes) return output;
  let tail = buffer.subarray(buffer.length - maxBytes).toString('utf8');
  const newline = tail.indexOf('\n');
  if (newline >= 0 && newline < tail.length - 1) tail = tail.slice(newline + 1);
  return `[... ${buffer.length - Buffer.byteLength(tail)} earlier bytes of output omitted ...]\n${tail}`;
}
