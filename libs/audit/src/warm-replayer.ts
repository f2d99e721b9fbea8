import { ReplayWorkerOptions, Worker } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

interface Job {
  workflowId: string;
  history: History;
  resolve: (error: Error | undefined) => void;
  reject: (error: unknown) => void;
}

/**
 * One replay worker kept for many histories: `Worker.runReplayHistories` fed by an async iterable
 * that waits for the next history instead of ending, so the bundle is loaded and the workflow
 * sandbox built once, not once per question. The SDK replays one history at a time and yields the
 * results in order, so each answer goes to the oldest history handed over. If the replay worker
 * fails, every history waiting on it is rejected and the next call starts a new one.
 */
export class WarmReplayer {
  private waiting: Job[] = [];
  private inFlight: Job[] = [];
  private wake?: () => void;
  private running?: Promise<void>;
  private closed = false;

  constructor(private readonly options: ReplayWorkerOptions) {}

  /** Replays one history: resolves with the replay's error (nondeterminism, …), undefined when it replays. */
  replay(workflowId: string, history: History): Promise<Error | undefined> {
    if (this.closed) return Promise.reject(new Error('the replayer is closed'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ workflowId, history, resolve, reject });
      this.wake?.();
      this.running ??= this.run();
    });
  }

  /** Lets the replays in progress finish, then stops the replay worker. */
  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.running;
  }

  private async *feed(): AsyncGenerator<{ workflowId: string; history: History }> {
    for (;;) {
      while (!this.waiting.length) {
        if (this.closed) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
      }
      const job = this.waiting.shift()!;
      this.inFlight.push(job);
      yield { workflowId: job.workflowId, history: job.history };
    }
  }

  private async run(): Promise<void> {
    try {
      for await (const result of Worker.runReplayHistories(this.options, this.feed())) {
        this.inFlight.shift()?.resolve(result.error);
      }
    } catch (error) {
      for (const job of [...this.inFlight, ...this.waiting]) job.reject(error);
      this.inFlight = [];
      this.waiting = [];
    } finally {
      this.running = undefined;
      // Histories handed over while the worker was stopping get a new one.
      if (this.waiting.length && !this.closed) this.running = this.run();
    }
  }
}
