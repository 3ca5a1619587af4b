import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: more workers only fight over them (each PGlite is a whole PostgreSQL).
    maxWorkers: 2,
    // Test files share their worker's modules (each still makes its own database): PGlite's WASM is compiled
    // once per worker instead of once per file, which more than halves the embedded-database run. Tests must
    // not leave module state changed (restore what they change, as the config tests do).
    isolate: false,
  },
});
