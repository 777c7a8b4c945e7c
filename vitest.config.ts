import { defineConfig } from 'vitest/config';

// Integration tests share one test cluster and Redis, so files run one at a time.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
