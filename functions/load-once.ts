/**
 * A value made on first use and kept for the container's life: for SDK clients a function needs
 * only now and then, so their modules are not loaded at every cold start. A failed load is not
 * kept; the next call tries again.
 */
export function loadOnce<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    });
    return made;
  };
}

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
