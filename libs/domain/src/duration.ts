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

/** A year as the policies count it when they speak of days (365 days). */
export const YEAR_MS = 365 * DAY_MS;

/**
 * A policy duration in the time of this deployment: as it is in real time (factor 1); divided by the
 * factor in the demo mode, where a year lasts minutes.
 */
export function scaleDuration(ms: number, factor: number): number {
  return factor === 1 ? ms : Math.max(1, Math.round(ms / factor));
}

/** The same day and time, `years` calendar years later, in UTC (29 February becomes 1 March). */
export function addCalendarYears(ms: number, years: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

/** The same day and time `months` calendar months later (UTC; a 31st becomes the month's last day). */
export function addCalendarMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const target = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
  const t = new Date(target);
  const lastDay = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  return Date.UTC(
    t.getUTCFullYear(),
    t.getUTCMonth(),
    Math.min(d.getUTCDate(), lastDay),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}
