/** The arithmetic every bench figure shares: timings, quantiles, medians and how they print. */

export const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
export const median = (xs: readonly number[]): number => quantile(xs, 0.5);
export const ms = (n: number): string => `${n.toFixed(1)} ms`;
export const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** `clients` callers each making `each` calls: calls per second. */
export async function throughput(clients: number, each: number, fn: (c: number) => Promise<unknown>) {
  const t = performance.now();
  const answers = await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const out: unknown[] = [];
      for (let k = 0; k < each; k++) out.push(await fn(c));
      return out;
    }),
  );
  return { perSecond: (clients * each * 1000) / (performance.now() - t), answers: answers.flat() };
}
