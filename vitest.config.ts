import { defineConfig } from 'vitest/config';

/** Tests that load the machine (a council-scale table, a browser) run after the rest, one file at a time. */
const late = ['test/web/**/*.test.ts', 'test/integration/worklist-scale.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        test: { name: 'ledger', include: ['test/**/*.test.ts'], exclude: late, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'late', include: late, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
