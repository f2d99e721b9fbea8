import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareRuns, describeComparison, previousRun } from '../../bench/src/compare';

const run = (fullPerSecond: number, listP99: number, replay: number) => ({
  baseline: { lifecyclesPerSecond: 10 },
  full: { lifecyclesPerSecond: fullPerSecond, lifecycleLatencyMs: { p99: 3000 } },
  ratio: fullPerSecond / 10,
  reads: { listGrants: { p99: listP99 }, grantState: { p99: 20 } },
  replay: { single: { eventsPerSecond: replay } },
});

describe("the benchmark's comparison with its previous run", () => {
  it('flags a measure more than 20 % worse, whichever way is better, and only those', () => {
    const rows = compareRuns(run(5, 80, 2000), run(3.9, 100, 2500));
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName['full path lifecycles/s']).toMatchObject({ previous: 5, current: 3.9, regression: true });
    expect(byName['full path ÷ baseline'].regression).toBe(true);
    // 25 % slower on a measure where lower is better.
    expect(byName['GET /grants p99 ms']).toMatchObject({ change: 0.25, regression: true });
    // Better, or worse by less than 20 %: not flagged.
    expect(byName['replay events/s, one process'].regression).toBe(false);
    expect(byName['baseline lifecycles/s'].regression).toBe(false);
    expect(compareRuns(run(5, 80, 2000), run(4.1, 95, 1700)).filter((r) => r.regression)).toEqual([]);
    // A measure either run lacks is left out.
    expect(rows.map((r) => r.name)).not.toContain('agreements/s');
  });

  it('reads the newest earlier result of the folder, and says the comparison in words', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-results-'));
    expect(previousRun(dir)).toBeUndefined();
    writeFileSync(join(dir, 'bench-2026-11-26T18-56-00-000Z.json'), JSON.stringify(run(4, 90, 2000)));
    writeFileSync(join(dir, 'bench-2026-12-02T10-00-00-000Z.json'), JSON.stringify(run(5, 80, 2000)));
    writeFileSync(join(dir, 'notes.txt'), 'not a result');
    const previous = previousRun(dir)!;
    expect(previous.file).toMatch(/bench-2026-12-02T10-00-00-000Z\.json$/);
    const text = describeComparison(previous.file, compareRuns(previous.result, run(3.9, 80, 2000)));
    expect(text).toContain('full path lifecycles/s');
    expect(text).toMatch(/5\.00 → 3\.90 {2}−22\.0 % {2}REGRESSION/);
    expect(text).toMatch(/regression\(s\) over 20 %$/);
  });
});
