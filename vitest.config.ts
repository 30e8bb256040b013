import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import HeavyFirst from './test/heavy-first.js';

/**
 * Tests that load the machine (a council-scale table, a browser) run after the rest, so they never
 * share the CPUs with the fault harness. They run two files at a time like the rest: a browser
 * test spends much of its time waiting on Chromium and the server, and one at a time took 230 s of
 * a 14-minute suite where two at a time take 180 s (page timeouts are hang guards, 120 s).
 */

/**
 * Time limits are hang guards, not speed checks (docs/decisions/45-time-limits-are-hang-guards.md): on a shared machine running
 * other copies of the suite, DynamoDB Local and fast-check runs take several times their quiet
 * time, and a test that meets a deadline only on a quiet machine is a flaky test. Speed is
 * measured by `npm run bench`, never asserted by a timeout.
 */
const hangGuardMs = 300_000;
const late = ['test/web/**/*.test.ts', 'test/integration/worklist-scale.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    // Vitest's default is one worker fewer than the CPUs: one on a two-core machine, which ran the
    // suite file after file while DynamoDB Local (another process) did most of the work. Much of a
    // file's time is waiting on it or on the browser, so two workers keep two CPUs busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: HeavyFirst },
    testTimeout: hangGuardMs,
    hookTimeout: hangGuardMs,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        test: { name: 'ledger', include: ['test/**/*.test.ts'], exclude: late, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'late', include: late, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
