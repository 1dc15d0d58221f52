// Look-ahead scheduling: the next item is prepared (a target resolved and rendered) while the current one
// is consumed (checked), and nothing more, so a run holds about two targets in memory however many it has.

/** Starts preparing the first item at once; yields each prepared item in order, preparing the next meanwhile. */
export function prepareAhead<T, P>(items: readonly T[], prepare: (item: T) => Promise<P>): AsyncIterable<P> {
  const start = (i: number): Promise<P> => {
    const p = prepare(items[i]!);
    p.catch(() => undefined); // awaited in turn; a failure surfaces there
    return p;
  };
  let next = items.length > 0 ? start(0) : undefined;
  return {
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < items.length; i++) {
        const current = await next!;
        if (i + 1 < items.length) next = start(i + 1);
        yield current;
      }
    },
  };
}

/** Lets work started in this turn (a first build) get going before the caller continues. */
export function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
