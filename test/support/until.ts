/**
 * Reads until the check passes: the one way the workflow suites wait for a state (by queries, never
 * by result(): waiting on a result lets the time-skipping server jump to the next timer). Polls every
 * 50 ms, 200 times at most by default; the error names what was awaited and the last value read.
 */
export async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, what = 'condition', tries = 200): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < tries; i++) {
    last = await read();
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} never met; last value: ${JSON.stringify(last)?.slice(0, 500)}`);
}
