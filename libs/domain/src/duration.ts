const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Parses "250ms", "30s", "5m", "2h", "14d" (or a bare number of milliseconds) into milliseconds. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match) throw new RangeError(`not a duration: "${text}" (use e.g. 250ms, 30s, 5m, 2h, 14d)`);
  const value = Number(match[1]) * UNIT_MS[match[2] ?? 'ms'];
  if (!Number.isSafeInteger(value)) throw new RangeError(`duration too large: "${text}"`);
  return value;
}

export const DAY_MS = UNIT_MS.d;
