/** Latency samples in milliseconds, summarised as percentiles. */
export class Samples {
  private readonly values: number[] = [];

  add(ms: number): void {
    this.values.push(ms);
  }

  get count(): number {
    return this.values.length;
  }

  percentile(p: number): number {
    if (!this.values.length) return 0;
    const sorted = [...this.values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  }

  summary(): { count: number; p50: number; p95: number; p99: number } {
    const round = (n: number) => Math.round(n * 10) / 10;
    return { count: this.count, p50: round(this.percentile(50)), p95: round(this.percentile(95)), p99: round(this.percentile(99)) };
  }
}

/** Latencies per named call. */
export class Latencies {
  private readonly byName = new Map<string, Samples>();

  async time<T>(name: string, call: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await call();
    } finally {
      this.record(name, performance.now() - start);
    }
  }

  record(name: string, ms: number): void {
    if (!this.byName.has(name)) this.byName.set(name, new Samples());
    this.byName.get(name)!.add(ms);
  }

  summary(): Record<string, ReturnType<Samples['summary']>> {
    return Object.fromEntries([...this.byName].map(([name, samples]) => [name, samples.summary()]));
  }
}

/** Peak resident memory of processes, sampled from /proc while a phase runs. */
export class MemorySampler {
  private readonly peaks = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly pids: Record<string, number | undefined>) {}

  start(): void {
    const sample = async () => {
      const { readFile } = await import('node:fs/promises');
      for (const [name, pid] of Object.entries(this.pids)) {
        if (!pid) continue;
        try {
          const status = await readFile(`/proc/${pid}/status`, 'utf8');
          const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
          this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, kb));
        } catch {
          // process gone
        }
      }
    };
    void sample();
    this.timer = setInterval(() => void sample(), 250);
  }

  stop(): Record<string, number> {
    clearInterval(this.timer);
    return Object.fromEntries([...this.peaks].map(([name, kb]) => [name, Math.round(kb / 1024)]));
  }
}

/** Runs `count` jobs with `concurrency` workers; `onDone` after each (the progress bar). */
export async function pool(count: number, concurrency: number, job: (i: number) => Promise<void>, onDone: () => void): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        await job(i);
        onDone();
      }
    }),
  );
}

/**
 * A phase's progress: a bar redrawn in place on a terminal; elsewhere (a log file, CI) one line when
 * the phase starts and one when it ends, with its duration.
 */
export function progress(label: string, total: number): { tick: () => void; done: () => void } {
  let doneCount = 0;
  const started = Date.now();
  const terminal = process.stderr.isTTY === true;
  const width = 30;
  const draw = () => {
    const filled = Math.round((doneCount / total) * width);
    process.stderr.write(`\r  ${label.padEnd(28)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${doneCount}/${total}`);
  };
  if (terminal) draw();
  else process.stderr.write(`  ${label}: ${total} to do\n`);
  return {
    tick: () => {
      doneCount++;
      if (terminal) draw();
    },
    done: () => process.stderr.write(terminal ? '\n' : `  ${label}: ${doneCount}/${total} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`),
  };
}
