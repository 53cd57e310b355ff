// Vitest: unit, HTTP and integration tests; integration tests spawn their own redis-server.
import { configDefaults, defineConfig } from 'vitest/config';

const SOAK = 'test/integration/soak.test.ts';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'tests', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, SOAK] } },
      // The soak loads both cores for ~45 s: alone, after everything else, so neither disturbs the other's timings.
      { extends: true, test: { name: 'soak', include: [SOAK], sequence: { groupOrder: 1 } } },
    ],
  },
});
