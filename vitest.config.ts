import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // Corpora are data: test/fixtures/secrets/clean holds a realistic *.test.ts.
    exclude: [...configDefaults.exclude, 'test/fixtures/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // End-to-end tests spawn the CLI and git; two workers suit a 2-core machine.
    maxWorkers: 2,
    restoreMocks: true,
    unstubEnvs: true,
  },
});
