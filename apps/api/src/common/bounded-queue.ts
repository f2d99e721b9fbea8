import { DomainError } from '@grants/domain';

/**
 * At most `concurrency` tasks at once in this process, at most `maxWaiting` waiting their turn; one
 * more is refused at once (503 with Retry-After) rather than piling up behind the others.
 */
export class BoundedQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly what: string,
    private readonly concurrency: number,
    private readonly maxWaiting: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) {
      this.running++;
    } else {
      if (this.waiting.length >= this.maxWaiting) {
        throw new DomainError('unavailable', `too many ${this.what} in progress: retry in a moment`, { retryAfterSeconds: 5 });
      }
      // The slot is handed over by the task that finishes (running stays counted).
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
