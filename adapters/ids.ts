import { randomBytes } from 'node:crypto';
import type { Clock, IdGenerator } from '../domain/ports.js';

/**
 * Time-sortable ids in the ULID alphabet: 10 characters of milliseconds, then 16 of randomness,
 * kept strictly increasing within a process (the random part is incremented within a millisecond).
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function encode(value: bigint, length: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(v % 32n)] + out;
    v /= 32n;
  }
  return out;
}

export class UlidGenerator implements IdGenerator {
  private lastTime = -1n;
  private lastRandom = 0n;
  constructor(private readonly clock: Clock = systemClock) {}

  next(): string {
    const time = BigInt(this.clock.now().getTime());
    if (time <= this.lastTime) {
      this.lastRandom++;
    } else {
      this.lastTime = time;
      this.lastRandom = BigInt(`0x${randomBytes(10).toString('hex')}`) >> 1n;
    }
    return encode(this.lastTime, 10) + encode(this.lastRandom, 16);
  }
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock whose day is fixed (LEDGER_TODAY, local runs only): it starts at 11:00 UTC of that day
 * (noon in London in summer, 11:00 in winter) and runs on from there, so times still move forward
 * (ids stay ordered) and the London date (domain/dates.ts dateOf) stays that day for the length
 * of any working session (twelve hours before London's midnight, in either season).
 */
export function dayClock(day: string, startedAt: number = Date.now()): Clock {
  const start = Date.parse(`${day}T11:00:00.000Z`);
  return { now: () => new Date(start + (Date.now() - startedAt)) };
}

/** A clock tests can set and move. */
export class FixedClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}
