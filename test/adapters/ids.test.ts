// Proves the clock LEDGER_TODAY fixes keeps its London date for a whole working session.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dayClock } from '../../adapters/ids.js';
import { dateOf } from '../../domain/dates.js';

describe('dayClock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each(['2026-07-01', '2026-12-01'])(
    'keeps %s as the London date for twelve hours (BST and GMT)',
    (day) => {
      // Prepare
      vi.useFakeTimers({ now: Date.parse('2030-01-01T00:00:00Z') });
      const clock = dayClock(day);
      // Act
      const first = clock.now();
      vi.advanceTimersByTime(12 * 3_600_000 - 1_000);
      const last = clock.now();
      // Assess
      expect(dateOf(first)).toBe(day);
      expect(dateOf(last)).toBe(day);
      expect(last.getTime()).toBeGreaterThan(first.getTime());
    },
  );
});
