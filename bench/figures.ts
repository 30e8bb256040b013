/** The arithmetic every bench figure shares: quantiles, medians and how they print. */

export const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
export const median = (xs: readonly number[]): number => quantile(xs, 0.5);
export const ms = (n: number): string => `${n.toFixed(1)} ms`;
export const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
