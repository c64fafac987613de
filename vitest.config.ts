import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Test files share their worker's module graph: src/, the libraries and the test content
    // (test/helpers.ts testContent) are loaded once per worker instead of once per file, which
    // halves the suite's CPU time. It holds because no test mocks modules and src/ keeps no module
    // state but pure caches; the shared content is frozen, fake timers are restored after each
    // test, and per-file hooks go in the setup file (a hook in a shared module would only be
    // registered for the first file). A test that needs its own module instances (vi.mock, vi.resetModules)
    // goes into a `projects` entry of its own with `isolate: true`.
    isolate: false,
    setupFiles: ['test/support/setup.ts'],
  },
});
