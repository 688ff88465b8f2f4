import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/bench/**', 'tests/load/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Each test file opens its own SQLite files and servers on ephemeral ports.
    pool: 'forks',
    // The PostgreSQL leg: one server for the run (tests/support/pg-global.ts).
    globalSetup: process.env.BATON_TEST_DB === 'pg' ? ['tests/support/pg-global.ts'] : [],
  },
});
