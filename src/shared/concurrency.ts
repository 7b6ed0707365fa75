/** Bounded concurrency for many small async jobs (file reads, links): never thousands of open files. */

/** Runs `work` on every item with at most `width` jobs in flight; resolves when all are done. */
export async function inPool<T>(items: readonly T[], work: (item: T) => Promise<unknown>, width = 32): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}
