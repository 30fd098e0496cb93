import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'threads',
    reporters: ['default', './test/plain-summary-reporter.ts'],
    testTimeout: 60_000,
  },
});
