import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CappedBuffer, OutputCapture } from '../../../src/core/sandbox/output.js';

describe('CappedBuffer', () => {
  it('keeps everything under the cap', () => {
    const buffer = new CappedBuffer(100);
    buffer.push(Buffer.from('hello '));
    buffer.push(Buffer.from('world'));
    expect(buffer.text()).toBe('hello world');
    expect(buffer.truncated).toBe(false);
  });

  it('keeps the head and the tail and says how much was dropped', () => {
    const buffer = new CappedBuffer(10);
    buffer.push(Buffer.from('ABCD'));
    for (let i = 0; i < 100; i++) buffer.push(Buffer.from('-'));
    buffer.push(Buffer.from('WXYZ12'));
    expect(buffer.truncated).toBe(true);
    expect(buffer.totalBytes).toBe(110);
    expect(buffer.text()).toBe('ABCD\n[... oryon: 100 bytes of output omitted (cap 10 bytes) ...]\nWXYZ12');
  });

  it('keeps exactly the first 40% and the last 60% of the cap, byte for byte (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 64 }), fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 40 }), (cap, chunks) => {
        const buffer = new CappedBuffer(cap);
        for (const chunk of chunks) buffer.push(Buffer.from(chunk));
        const all = Buffer.concat(chunks.map((chunk) => Buffer.from(chunk)));
        expect(buffer.totalBytes).toBe(all.length);
        expect(buffer.truncated).toBe(all.length > cap);
        const head = Math.floor(cap * 0.4);
        const expected = all.length <= cap ? all : Buffer.concat([all.subarray(0, head), all.subarray(all.length - (cap - head))]);
        expect(buffer.keptBytes().equals(expected)).toBe(true);
      }),
    );
  });

  it('keeps exactly the first and last bytes for ASCII input (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 30 }), { maxLength: 30 }),
        (cap, chunks) => {
          const buffer = new CappedBuffer(cap);
          for (const chunk of chunks) buffer.push(Buffer.from(chunk));
          const all = chunks.join('');
          if (all.length <= cap) {
            expect(buffer.text()).toBe(all);
            return;
          }
          const head = Math.floor(cap * 0.4);
          const text = buffer.text();
          expect(text.startsWith(all.slice(0, head))).toBe(true);
          expect(text.endsWith(all.slice(all.length - (cap - head)))).toBe(true);
          expect(text).toContain(`${all.length - cap} bytes of output omitted`);
        },
      ),
    );
  });
});

describe('OutputCapture', () => {
  it('interleaves stdout and stderr in arrival order and keeps them apart too', () => {
    const capture = new OutputCapture(1000);
    capture.push('stdout', Buffer.from('one\n'));
    capture.push('stderr', Buffer.from('two\n'));
    capture.push('stdout', Buffer.from('three\n'));
    expect(capture.combined.text()).toBe('one\ntwo\nthree\n');
    expect(capture.stdout.text()).toBe('one\nthree\n');
    expect(capture.stderr.text()).toBe('two\n');
    expect(capture.truncated).toBe(false);
  });
});
