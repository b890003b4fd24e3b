import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Property suites run 1,000+ simulated clusters each: give them room, never time them.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
