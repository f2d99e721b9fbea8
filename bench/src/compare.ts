import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A measure the benchmark compares from one run to the next: where it is in the result, and which way is better. */
interface Measure {
  name: string;
  path: string[];
  better: 'higher' | 'lower';
}

const MEASURES: Measure[] = [
  { name: 'baseline lifecycles/s', path: ['baseline', 'lifecyclesPerSecond'], better: 'higher' },
  { name: 'full path lifecycles/s', path: ['full', 'lifecyclesPerSecond'], better: 'higher' },
  { name: 'full path ÷ baseline', path: ['ratio'], better: 'higher' },
  { name: 'full path lifecycle p99 ms', path: ['full', 'lifecycleLatencyMs', 'p99'], better: 'lower' },
  { name: 'agreements/s', path: ['agreements', 'agreementsPerSecond'], better: 'higher' },
  { name: 'GET /grants p99 ms', path: ['reads', 'listGrants', 'p99'], better: 'lower' },
  { name: 'GET /micro-grants/:id p99 ms', path: ['reads', 'grantState', 'p99'], better: 'lower' },
  { name: 'replay events/s, one process', path: ['replay', 'single', 'eventsPerSecond'], better: 'higher' },
  { name: 'replay events/s, one per core', path: ['replay', 'parallel', 'eventsPerSecond'], better: 'higher' },
];

/** Beyond this change for the worse, a measure is flagged. */
export const REGRESSION_THRESHOLD = 0.2;

export interface Comparison {
  name: string;
  previous: number;
  current: number;
  /** current ÷ previous − 1: +0.10 is 10 % more. */
  change: number;
  regression: boolean;
}

function valueAt(result: unknown, path: string[]): number | undefined {
  let value: unknown = result;
  for (const key of path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * Each measure both runs have, its change, and whether it is a regression: more than 20 % worse
 * (lower where higher is better, higher where lower is better).
 */
export function compareRuns(previous: unknown, current: unknown): Comparison[] {
  const rows: Comparison[] = [];
  for (const measure of MEASURES) {
    const before = valueAt(previous, measure.path);
    const now = valueAt(current, measure.path);
    if (before === undefined || now === undefined || before === 0) continue;
    const change = now / before - 1;
    const regression = measure.better === 'higher' ? change < -REGRESSION_THRESHOLD : change > REGRESSION_THRESHOLD;
    rows.push({ name: measure.name, previous: before, current: now, change, regression });
  }
  return rows;
}

/** The newest earlier run's result in `dir` (its files are named by their date), if any. */
export function previousRun(dir: string): { file: string; result: unknown } | undefined {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => /^bench-.*\.json$/.test(name));
  } catch {
    return undefined;
  }
  const newest = names.sort().at(-1);
  if (!newest) return undefined;
  const file = join(dir, newest);
  try {
    return { file, result: JSON.parse(readFileSync(file, 'utf8')) };
  } catch {
    return undefined;
  }
}

/** The comparison as the benchmark prints it: a line per measure, regressions flagged. */
export function describeComparison(file: string, rows: Comparison[]): string {
  if (!rows.length) return `compared with ${file}: no measure in common`;
  const width = Math.max(...rows.map((r) => r.name.length));
  const lines = rows.map((r) => {
    const sign = r.change >= 0 ? '+' : '−';
    const flag = r.regression ? `  REGRESSION (more than ${REGRESSION_THRESHOLD * 100} % worse)` : '';
    return `  ${r.name.padEnd(width)}  ${round(r.previous)} → ${round(r.current)}  ${sign}${Math.abs(r.change * 100).toFixed(1)} %${flag}`;
  });
  const regressions = rows.filter((r) => r.regression).length;
  return [`compared with the previous run, ${file}:`, ...lines, regressions ? `${regressions} regression(s) over 20 %` : 'no regression over 20 %'].join('\n');
}

function round(n: number): string {
  return n >= 100 ? n.toFixed(0) : n.toFixed(2);
}
