import { defineConfig } from 'vitest/config';

// One vitest run covers every project; each project's own `test` target narrows it with --dir.
export default defineConfig({
  test: {
    include: ['{libs,apps,tools}/*/{src,test}/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
