import { type LifecycleOp, lifecycleOp } from './vopr-lifecycle.js';

/** The fault harness's operations: what a sequence may do, and a seeded generator of sequences. */

/** xorshift32: small, fast, and the same sequence for the same seed everywhere. */
export function rng(seed: number) {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export type Op =
  | { kind: 'spend'; potId: 'SC' | 'HL' | 'EDU'; pence: number; paid: boolean; relative: boolean }
  | { kind: 'decide'; target: number; action: 'approve' | 'reject' | 'pay' | 'void'; part: number }
  | { kind: 'run'; upTo: string }
  | { kind: 'recover'; pence: number }
  | { kind: 'adjust'; pence: number }
  | { kind: 'reverse'; target: number }
  | { kind: 'suspend'; on: boolean }
  | { kind: 'close'; target: number; action: 'settle' | 'withdraw' }
  | { kind: 'resume'; missed: 'release' | 'withhold' }
  | { kind: 'return'; pence: number }
  | { kind: 'agree' }
  | { kind: 'evidence'; target: number }
  | { kind: 'member'; canSpend: boolean }
  | { kind: 'cease'; date: string }
  | LifecycleOp;

const months = [
  '2026-04-15',
  '2026-05-20',
  '2026-06-30',
  '2026-08-31',
  '2026-10-31',
  '2027-01-31',
  '2027-03-31',
];

export function generate(random: () => number, length: number): Op[] {
  const ops: Op[] = [{ kind: 'run', upTo: '2026-06-30' }];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  for (let i = 1; i < length; i++) {
    const r = random();
    if (r < 0.4)
      ops.push({
        kind: 'spend',
        potId: pick(['SC', 'SC', 'HL', 'EDU'] as const),
        pence: 1 + Math.floor(random() * 90_000),
        paid: random() < 0.5,
        relative: random() < 0.1,
      });
    else if (r < 0.65)
      ops.push({
        kind: 'decide',
        target: Math.floor(random() * i),
        action: pick(['approve', 'reject', 'pay', 'void'] as const),
        part: 1 + Math.floor(random() * 100),
      });
    else if (r < 0.75) ops.push({ kind: 'run', upTo: pick(months) });
    else if (r < 0.82) ops.push({ kind: 'recover', pence: 1 + Math.floor(random() * 50_000) });
    else if (r < 0.88) ops.push({ kind: 'adjust', pence: Math.floor(random() * 200_000) - 100_000 || 1 });
    else if (r < 0.92) ops.push({ kind: 'reverse', target: Math.floor(random() * i) });
    else if (r < 0.94) ops.push({ kind: 'suspend', on: random() < 0.5 });
    else if (r < 0.96)
      ops.push({
        kind: 'close',
        target: Math.floor(random() * i),
        action: pick(['settle', 'withdraw'] as const),
      });
    else if (r < 0.97) ops.push({ kind: 'resume', missed: pick(['release', 'withhold'] as const) });
    else if (r < 0.975) ops.push({ kind: 'return', pence: Math.floor(random() * 300_000) });
    else if (r < 0.98) ops.push({ kind: 'agree' });
    else if (r < 0.99) ops.push({ kind: 'evidence', target: Math.floor(random() * i) });
    else if (r < 0.993) ops.push({ kind: 'member', canSpend: random() < 0.5 });
    else if (r < 0.997) ops.push(lifecycleOp(random));
    else ops.push({ kind: 'cease', date: pick(months) });
  }
  return ops;
}
