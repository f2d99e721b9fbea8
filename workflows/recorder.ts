import { allHandlersFinished, condition, log } from '@temporalio/workflow';
import type { LifecycleSearch } from '@grants/contracts';
import { Actor, SYSTEM_ACTOR } from '@grants/domain';
import { mirrorSearch } from './search';

type Stamped<B> = B & { grantId: string; actor: Actor; occurredAt: string };

/**
 * The recorder of a path written as one module (libs/domain/src/<path>/): handlers validate and
 * emit events; the state changes only through the module's `evolve`, at once (so a command validated
 * next sees it); each event is then recorded by the path's one activity (log, read model,
 * notifications), one after the other in the order the state took them, its step `e<seq>`. With
 * `search`, the run's search attributes follow the state (kind, status, territory, association,
 * funder); each event recorded is logged (with the id of the request that caused it).
 */
export function moduleRecorder<S extends { lastSeq: number }, B extends { type: string; payload: unknown }>(options: {
  streamId: string;
  evolve: (state: S | null, event: Stamped<B>) => S;
  /** Records one event; `state` is the state right after it (what its audiences are computed from). */
  record: (input: { event: Stamped<B>; step: string }, state: S) => Promise<unknown>;
  /** The state before the first event, for a path whose state starts from its input (absent: the first event makes it). */
  initial?: S;
  /** What the lifecycle is found by in Temporal, from its state. */
  search?: (state: S) => LifecycleSearch;
}) {
  let state: S | null = options.initial ?? null;
  let appended: Promise<void> = Promise.resolve();
  let changed = false;
  let pending = 0;

  function emit(body: B, actor: Actor): { state: S; recorded: Promise<void> } {
    const event = { ...body, grantId: options.streamId, actor, occurredAt: new Date().toISOString() } as Stamped<B>;
    const next = options.evolve(state, event);
    const step = `e${next.lastSeq}`;
    pending++;
    appended = appended.then(async () => {
      await options.record({ event, step }, next);
      pending--;
      log.info('event recorded', { streamId: options.streamId, eventType: event.type, step });
    });
    state = next;
    changed = true;
    if (options.search) mirrorSearch(options.search(next));
    return { state: next, recorded: appended };
  }

  return {
    /** The state as the events emitted so far made it. */
    get state(): S {
      if (!state) throw new Error(`${options.streamId}: no event emitted yet`);
      return state;
    },
    emit,
    /** Emits and resolves once the event is recorded, with the state right after it. */
    async record(body: B, actor: Actor): Promise<S> {
      const emitted = emit(body, actor);
      await emitted.recorded;
      return emitted.state;
    },
    /**
     * Changes the state without an event: what another workflow tells this one (an application's
     * notice to its call), never the lifecycle's own facts, which go through `evolve`.
     */
    note(change: (state: S) => S): void {
      state = change(this.state);
      if (options.search) mirrorSearch(options.search(state));
    },
    /** Resolves once every event emitted so far is recorded. */
    settled: (): Promise<void> => appended,
    /** Whether every event emitted is recorded (a run may continue as new in the same activation). */
    get idle(): boolean {
      return pending === 0;
    },
    /** Whether an event was emitted since the last call (the main loop's wake-up). */
    takeChanged(): boolean {
      const was = changed;
      changed = false;
      return was;
    },
    get changed(): boolean {
      return changed;
    },
    /**
     * The main line: records each event the clock says is due (reminders, deadlines), sleeps until
     * the next one or a command, and returns the state once it has ended and every handler is done.
     */
    async runClock(clock: (state: S, nowMs: number) => { due: B | null; nextAt?: number }, ended: (state: S) => boolean): Promise<S> {
      for (;;) {
        const current = this.state;
        if (ended(current)) {
          await appended;
          await condition(allHandlersFinished);
          return this.state;
        }
        const { due, nextAt } = clock(current, Date.now());
        if (due) {
          await this.record(due, SYSTEM_ACTOR);
          continue;
        }
        changed = false;
        if (nextAt !== undefined) await condition(() => changed, Math.max(nextAt - Date.now(), 1));
        else await condition(() => changed);
      }
    },
  };
}
