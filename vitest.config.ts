import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import HeavyFirst from './test/heavy-first.js';

/**
 * Time limits are hang guards, not speed checks (docs/decisions/45-time-limits-are-hang-guards.md): on a shared machine running
 * other copies of the suite, DynamoDB Local and fast-check runs take several times their quiet
 * time, and a test that meets a deadline only on a quiet machine is a flaky test. Speed is
 * measured by `npm run bench`, never asserted by a timeout.
 */
const hangGuardMs = 300_000;

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
    // One project: the browser and council-scale files used to wait for the rest and then run one
    // at a time (when limits were short), four minutes of a CI run with one CPU idle.
    include: ['test/**/*.test.ts'],
  },
});
