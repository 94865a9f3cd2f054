import { existsSync, readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// test/setup/*.ts start the real servers tests talk to (databases, DNS, ...) and
// stop them by PID; each file owns one group of servers.
const setupDir = 'test/setup';
const globalSetup = existsSync(setupDir)
  ? readdirSync(setupDir).filter((f) => f.endsWith('.ts')).sort().map((f) => `${setupDir}/${f}`)
  : [];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30000,
    pool: 'threads',
    globalSetup,
  },
});
