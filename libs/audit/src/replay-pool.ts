import { ChildProcess, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundlerOptions } from '@grants/temporal/bundler';
import { ReplayVerdict, WorkflowCode } from './replay';
import type { FromReplayProcess, ReplayItem, ToReplayProcess } from './replay-process';

export type { ReplayItem } from './replay-process';

/** What a verdict was reached with: the workflow bundle (its SHA-256) and the Temporal SDK's version. */
export interface CodeIdentity {
  bundleSha256: string;
  sdkVersion: string;
}

export interface ReplayPoolOptions {
  /** At most this many replay processes, each replaying one history at a time; started when first needed. */
  processes: number;
  /**
   * Node's --stack-trace-limit in the replay processes; 0 by default: the SDK captures a stack trace on
   * every promise a replayed workflow creates (for the stack trace query), which no verdict uses, and
   * the same divergences are found at the same events without them (test/replay), about 10 % faster.
   */
  stackTraceLimit?: number;
}

export const SDK_VERSION: string = (JSON.parse(readFileSync(require.resolve('@temporalio/worker/package.json'), 'utf8')) as { version: string }).version;

interface Child {
  process: ChildProcess;
  ready: Promise<void>;
  pending: Map<number, { resolve: (verdicts: ReplayVerdict[]) => void; reject: (error: Error) => void }>;
}

/** The compiled replay process: beside this file once built, in dist/ when this file runs from the sources (tests). */
function replayProcessScript(): string {
  const beside = join(__dirname, 'replay-process.js');
  return existsSync(beside) ? beside : resolve(__dirname, '../../../dist/libs/audit/src/replay-process.js');
}

/**
 * Warm replay workers in processes of their own: the workflow bundle is read (or bundled) once here,
 * hashed, and handed to each process when it starts; each keeps one replay worker for all the
 * histories it is given. A request goes to the least busy process, a new one started while fewer
 * than `processes` run. A process that dies fails only the requests it held; the next one starts anew.
 */
export class ReplayPool {
  private readonly children: Child[] = [];
  private nextId = 1;
  private closed = false;

  private constructor(
    private readonly code: string,
    readonly identity: CodeIdentity,
    private readonly options: ReplayPoolOptions,
  ) {}

  /** Reads the prebuilt bundle, or bundles the workflow sources, once; starts no process yet. */
  static async load(code: WorkflowCode, options: ReplayPoolOptions): Promise<ReplayPool> {
    let text: string;
    if ('workflowsPath' in code) {
      text = (await bundleWorkflowCode({ workflowsPath: code.workflowsPath, ...workflowBundlerOptions(), logger: quietLogger })).code;
    } else if ('codePath' in code.workflowBundle) {
      text = readFileSync(code.workflowBundle.codePath, 'utf8');
    } else {
      text = code.workflowBundle.code;
    }
    const identity = { bundleSha256: createHash('sha256').update(text).digest('hex'), sdkVersion: SDK_VERSION };
    return new ReplayPool(text, identity, options);
  }

  /** Replays the histories (in one process, in order) and gives a verdict for each, in the same order. */
  replay(items: ReplayItem[]): Promise<ReplayVerdict[]> {
    if (this.closed) return Promise.reject(new Error('the replay pool is closed'));
    if (!items.length) return Promise.resolve([]);
    const child = this.pick();
    const id = this.nextId++;
    return new Promise((resolvePromise, reject) => {
      // Counted at once, so that the next request goes to another process while this one starts.
      child.pending.set(id, { resolve: resolvePromise, reject });
      child.ready.then(
        () =>
          child.process.send({ type: 'replay', id, items } satisfies ToReplayProcess, (error) => {
            if (!error) return;
            child.pending.delete(id);
            reject(error);
          }),
        (error: Error) => {
          child.pending.delete(id);
          reject(error);
        },
      );
    });
  }

  /** The most replay processes this pool runs. */
  get processes(): number {
    return Math.max(1, this.options.processes);
  }

  /** The replay processes running now. */
  get size(): number {
    return this.children.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((done) => {
            if (child.process.exitCode !== null || child.process.signalCode !== null) return done();
            child.process.once('exit', () => done());
            child.process.disconnect();
          }),
      ),
    );
  }

  private pick(): Child {
    const idle = this.children.find((c) => c.pending.size === 0);
    if (idle) return idle;
    if (this.children.length < this.processes) return this.spawn();
    return this.children.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }

  private spawn(): Child {
    const execArgv = [`--stack-trace-limit=${this.options.stackTraceLimit ?? 0}`];
    const child: Child = {
      process: fork(replayProcessScript(), [], { serialization: 'advanced', execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
      ready: Promise.resolve(),
      pending: new Map(),
    };
    let onReady: () => void = () => undefined;
    let onFailure: (error: Error) => void = () => undefined;
    child.ready = new Promise<void>((ok, fail) => ((onReady = ok), (onFailure = fail)));
    child.ready.catch(() => undefined);
    child.process.on('message', (message: FromReplayProcess) => {
      if (message.type === 'ready') return onReady();
      const waiting = child.pending.get(message.id);
      child.pending.delete(message.id);
      if (message.type === 'verdicts') waiting?.resolve(message.verdicts);
      else waiting?.reject(new Error(`replay failed: ${message.message}`));
    });
    child.process.on('exit', (code, signal) => {
      const index = this.children.indexOf(child);
      if (index >= 0) this.children.splice(index, 1);
      const error = new Error(`the replay process ended (${signal ?? `exit code ${code}`})`);
      onFailure(error);
      for (const waiting of child.pending.values()) waiting.reject(error);
      child.pending.clear();
    });
    child.process.send({ type: 'code', code: this.code } satisfies ToReplayProcess);
    this.children.push(child);
    return child;
  }
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};
