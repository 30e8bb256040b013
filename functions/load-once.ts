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
