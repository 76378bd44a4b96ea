// An example oryon plugin: a gate that refuses `console.log` in changed TypeScript lines.
// List it in a config file:   plugins: ["./examples/plugins/no-console-log.mjs"]
// (paths are relative to the repository root; an npm package name works too).
// Its findings show in `oryon gate`, SARIF, and the fix loop's feedback to the model.

const TYPESCRIPT = /\.(ts|tsx|mts|cts)$/;
const CONSOLE_LOG = /\bconsole\.log\s*\(/;

export default {
  name: 'no-console-log',
  gates: [
    {
      name: 'console-log',
      run({ files }) {
        const findings = [];
        for (const file of files) {
          if (!TYPESCRIPT.test(file.path)) continue;
          for (const { line, text } of file.added) {
            // Comments may mention it; code may not.
            const code = text.replace(/\/\/.*$/, '');
            if (CONSOLE_LOG.test(code)) {
              findings.push({ rule: 'console-log', severity: 'high', file: file.path, line, message: 'console.log in a changed TypeScript line: use the logger, or remove it' });
            }
          }
        }
        return findings;
      },
    },
  ],
};
