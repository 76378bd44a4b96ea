// A real terminal for TUI tests: a detached tmux session running a command, keys sent
// with send-keys, the screen read with capture-pane (as a person would see it).
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './git-repo.js';

export const tmuxAvailable = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;

export class TmuxSession {
  readonly name = `oryon-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly socket = path.join(tempDir('oryon-tmux-'), 'socket');

  /** Runs `argv` in `cwd` with exactly `env`; when it exits the pane shows `EXIT=<code>`. */
  constructor(argv: string[], cwd: string, env: Record<string, string>, size = { columns: 120, rows: 40 }) {
    const script = path.join(tempDir('oryon-tmux-'), 'run.sh');
    const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;
    const exports = Object.entries(env)
      .map(([key, value]) => `export ${key}=${quote(value)}`)
      .join('\n');
    writeFileSync(script, `#!/bin/sh\ncd ${quote(cwd)}\n${exports}\n${argv.map(quote).join(' ')}\necho "EXIT=$?"\nsleep 600\n`, { mode: 0o755 });
    this.tmux('new-session', '-d', '-s', this.name, '-x', String(size.columns), '-y', String(size.rows), script);
  }

  /** Keys as tmux names them: text, or 'Enter', 'Escape', 'C-c', 'Tab'. */
  send(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.name, ...keys);
  }

  /** Text typed literally (no key-name lookup). */
  type(text: string): void {
    this.tmux('send-keys', '-t', this.name, '-l', text);
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', this.name);
  }

  async waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (predicate(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  close(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // Already gone.
    }
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8' });
  }
}
