/**
 * A value made on its first use and kept: for what a cold start should not pay for unless its
 * first request needs it, such as a route's request schemas (docs/decisions/42).
 */
export function madeOnce<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}
