import { readFileSync, readdirSync } from 'node:fs';

/** One level of the capacity curve: both sides at one concurrency. */
export interface CapacityPoint {
  clients: number;
  baselinePerSecond: number;
  fullPerSecond: number;
}

/**
 * Where throughput stops rising: the peak of each side, and the fewest clients reaching 95 % of it
 * (more clients past that point add waiting, not lifecycles).
 */
export function saturation(points: readonly CapacityPoint[], side: 'baselinePerSecond' | 'fullPerSecond'): { peak: number; clients: number } {
  const peak = Math.max(...points.map((p) => p[side]));
  const first = points.find((p) => p[side] >= 0.95 * peak)!;
  return { peak, clients: first.clients };
}

/** Minutes for `lifecycles` at a sustained rate. */
export function projectedMinutes(lifecycles: number, perSecond: number): number {
  return lifecycles / perSecond / 60;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used, with its children it has waited for (PostgreSQL's ended backends). */
function cpuSecondsOf(pid: number): number {
  try {
    // Fields after the command's closing parenthesis: state is field 3; utime, stime, cutime, cstime are 14 to 17.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
    return (utime + stime + cutime + cstime) / TICKS_PER_SECOND;
  } catch {
    return 0; // gone
  }
}

/** The processes whose command line matches, on this machine (a bench owns its throwaway stack). */
export function pidsMatching(pattern: RegExp): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (pattern.test(command)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/**
 * CPU seconds each named group of processes uses between `start()` and `stop()`. A group is a list of
 * pids, or a pattern of command lines read again at each reading (PostgreSQL starts a backend per
 * connection); the load generator is this process.
 */
export class CpuMeter {
  private before = new Map<string, number>();

  constructor(private readonly groups: Record<string, () => number[]>) {}

  private read(): Map<string, number> {
    const now = new Map<string, number>();
    for (const [name, pids] of Object.entries(this.groups))
      now.set(
        name,
        pids().reduce((sum, pid) => sum + cpuSecondsOf(pid), 0),
      );
    const own = process.cpuUsage();
    now.set('load generator', (own.user + own.system) / 1e6);
    return now;
  }

  start(): void {
    this.before = this.read();
  }

  /** CPU seconds per group since `start()`. */
  stop(): Record<string, number> {
    const after = this.read();
    return Object.fromEntries([...after].map(([name, seconds]) => [name, Math.max(0, seconds - (this.before.get(name) ?? 0))]));
  }
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The capacity curve as an SVG picture: lifecycles per second against concurrent clients, the bare
 * Temporal baseline and the full path through the API, each point labelled.
 */
export function capacityChart(points: readonly CapacityPoint[], title: string): string {
  const width = 640;
  const height = 360;
  const margin = { left: 60, right: 40, top: 60, bottom: 50 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const maxRate = Math.max(...points.flatMap((p) => [p.baselinePerSecond, p.fullPerSecond])) * 1.15 || 1;
  // Clients on a log scale (10, 20, 40, 80 evenly spaced).
  const logs = points.map((p) => Math.log2(p.clients));
  const [minLog, maxLog] = [Math.min(...logs), Math.max(...logs)];
  const x = (clients: number) => margin.left + (maxLog === minLog ? plotW / 2 : ((Math.log2(clients) - minLog) / (maxLog - minLog)) * plotW);
  const y = (rate: number) => margin.top + plotH - (rate / maxRate) * plotH;
  const series = [
    { key: 'baselinePerSecond' as const, name: 'bare Temporal baseline', colour: '#6b6b6b', dash: '6 4' },
    { key: 'fullPerSecond' as const, name: 'full path (API + PostgreSQL)', colour: '#1f3d99', dash: '' },
  ];
  const gridStep = maxRate > 40 ? 10 : maxRate > 16 ? 5 : 2;
  const grid: string[] = [];
  for (let rate = 0; rate <= maxRate; rate += gridStep) {
    grid.push(
      `<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y(rate).toFixed(1)}" y2="${y(rate).toFixed(1)}" stroke="#ddd"/>`,
      `<text x="${margin.left - 8}" y="${(y(rate) + 4).toFixed(1)}" text-anchor="end">${rate}</text>`,
    );
  }
  const axis = points.map((p) => `<text x="${x(p.clients).toFixed(1)}" y="${margin.top + plotH + 20}" text-anchor="middle">${p.clients}</text>`);
  // The baseline's values above its points, the full path's below: close values stay readable.
  const lines = series.flatMap((s, i) => [
    `<polyline fill="none" stroke="${s.colour}" stroke-width="2.5"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''} points="${points
      .map((p) => `${x(p.clients).toFixed(1)},${y(p[s.key]).toFixed(1)}`)
      .join(' ')}"/>`,
    ...points.map(
      (p) =>
        `<circle cx="${x(p.clients).toFixed(1)}" cy="${y(p[s.key]).toFixed(1)}" r="4" fill="${s.colour}"/>` +
        `<text x="${x(p.clients).toFixed(1)}" y="${(y(p[s.key]) + (i === 0 ? -9 : 18)).toFixed(1)}" text-anchor="middle" fill="${s.colour}">${p[s.key].toFixed(1)}</text>`,
    ),
    // The legend, under the title.
    `<line x1="${margin.left + i * 250}" x2="${margin.left + i * 250 + 24}" y1="38" y2="38" stroke="${s.colour}" stroke-width="2.5"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`,
    `<text x="${margin.left + i * 250 + 30}" y="42">${escape(s.name)}</text>`,
  ]);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" role="img" aria-label="${escape(title)}">`,
    `<title>${escape(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${margin.left}" y="22" font-size="14" font-weight="bold">${escape(title)}</text>`,
    ...grid,
    ...axis,
    `<text x="${margin.left + plotW / 2}" y="${height - 10}" text-anchor="middle">concurrent clients</text>`,
    `<text x="16" y="${margin.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 16 ${margin.top + plotH / 2})">lifecycles per second</text>`,
    ...lines,
    '</svg>',
    '',
  ].join('\n');
}
