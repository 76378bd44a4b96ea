// Plugin gates inside `oryon gate` and the fix loop: each gets the changed files and
// returns findings in the common shape. One that throws, hangs past the limit or returns
// garbage fails its own gate, with its name, and the other gates still run.
import type { CheckedFile } from '../gates/changes.js';
import type { RawFinding } from '../gates/finding.js';
import { PluginFindings } from './load.js';
import type { LoadedPlugin } from './types.js';

const GATE_TIMEOUT_MS = 30_000;

export async function runPluginGates(
  plugins: readonly LoadedPlugin[],
  files: readonly CheckedFile[],
  repoRoot: string,
): Promise<{ findings: RawFinding[]; ran: Record<string, { ms: number; failed?: string }> }> {
  const findings: RawFinding[] = [];
  const ran: Record<string, { ms: number; failed?: string }> = {};
  const input = files.map((file) => ({
    path: file.path,
    content: file.content,
    added:
      file.wholeFile && file.content !== undefined
        ? file.content.split('\n').map((text, index) => ({ line: index + 1, text }))
        : file.added.map(({ line, text }) => ({ line, text })),
  }));
  for (const plugin of plugins) {
    for (const gate of plugin.gates) {
      const id = `${plugin.name}/${gate.name}`;
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        const result = await Promise.race([
          Promise.resolve().then(() => gate.run({ repoRoot, files: input.map((file) => ({ ...file, added: [...file.added] })) })),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`did not finish within ${GATE_TIMEOUT_MS} ms`)), GATE_TIMEOUT_MS);
          }),
        ]);
        const parsed = PluginFindings.safeParse(result);
        if (!parsed.success)
          throw new Error(`returned findings of the wrong shape: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
        for (const finding of parsed.data) findings.push({ gate: 'policy', ...finding, rule: `plugin/${id}/${finding.rule}` });
        ran[id] = { ms: Math.round(performance.now() - started) };
      } catch (error) {
        const message = `plugin gate ${id} failed: ${(error as Error)?.message ?? String(error)}`;
        findings.push({ gate: 'policy', rule: `plugin/${id}/failed`, severity: 'critical', file: '', line: 0, message });
        ran[id] = { ms: Math.round(performance.now() - started), failed: message };
      } finally {
        clearTimeout(timer);
      }
    }
  }
  return { findings, ran };
}
