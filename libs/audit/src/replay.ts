import { DefaultLogger, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { HistoryJson } from './history';
import { workflowBundlerOptions } from '@grants/temporal/bundler';

export interface ReplayVerdict {
  workflowId: string;
  runId?: string;
  deterministic: boolean;
  events: number;
  divergence?: { runId?: string; eventId?: number; message: string };
}

/** Where the code is: the prebuilt bundle (fast, what production runs), or the workflow sources. */
export type WorkflowCode = { workflowBundle: { codePath: string } } | { workflowsPath: string } | { workflowBundle: { code: string } };

/** The workflow sources are bundled with the libraries' aliases resolved; a prebuilt bundle is used as it is. */
function bundled(code: WorkflowCode): WorkflowCode & { bundlerOptions?: ReturnType<typeof workflowBundlerOptions> } {
  return 'workflowsPath' in code ? { ...code, bundlerOptions: workflowBundlerOptions() } : code;
}

const WFT_STARTED = 'EVENT_TYPE_WORKFLOW_TASK_STARTED';
const WFT_COMPLETED = 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED';

/**
 * Finds the event where the code stops agreeing with a history: replays growing prefixes (one per
 * workflow task) with one replay worker; the first prefix that fails ends in the workflow task
 * whose commands differ, and the first event after that task's completion is the one the code
 * would not produce again.
 */
async function locateDivergence(code: WorkflowCode, history: HistoryJson): Promise<number | undefined> {
  const events = history.events;
  const starts = events.flatMap((e, i) => (e.eventType === WFT_STARTED ? [i] : []));
  const prefixes = starts.map((_, m) => ({
    workflowId: `prefix-${m}`,
    history: historyFromJSON({ events: events.slice(0, starts[m + 1] ?? events.length) }),
  }));
  let m = 0;
  for await (const result of Worker.runReplayHistories({ ...bundled(code), replayName: 'audit-locate' }, prefixes)) {
    if (result.error) {
      const end = starts[m + 1] ?? events.length;
      let completed = starts[m] + 1;
      while (completed < end && events[completed].eventType !== WFT_COMPLETED) completed++;
      const at = completed + 1 < end ? completed + 1 : Math.min(completed, events.length - 1);
      return Number(events[at].eventId);
    }
    m++;
  }
  return undefined;
}

/** What the replay worker said about one history, as a verdict (the divergent event located when it does not replay). */
export async function verdictOf(
  code: WorkflowCode,
  item: { workflowId: string; runId?: string; history: HistoryJson },
  error: Error | undefined,
): Promise<ReplayVerdict> {
  const events = item.history.events.length;
  if (!error) return { workflowId: item.workflowId, runId: item.runId, deterministic: true, events };
  const message = error.message.replace(/^Replay failed with a nondeterminism error\.[^:]*:\s*/, '');
  return {
    workflowId: item.workflowId,
    runId: item.runId,
    deterministic: false,
    events,
    divergence: { runId: item.runId, eventId: await locateDivergence(code, item.history), message },
  };
}

/**
 * Replays histories with the given workflow code, one replay worker for all of them. A history that
 * the code would not produce again is reported with the event where it diverges. (The API and
 * `npm run replay -- --all` keep replay workers warm instead: ReplayPool.)
 */
export async function replayHistories(code: WorkflowCode, items: { workflowId: string; runId?: string; history: HistoryJson }[]): Promise<ReplayVerdict[]> {
  const verdicts: ReplayVerdict[] = [];
  const histories = items.map((item) => ({ workflowId: item.workflowId, history: historyFromJSON(item.history) }));
  const results = Worker.runReplayHistories({ ...bundled(code), replayName: 'audit-replay' }, histories);
  let index = 0;
  for await (const result of results) verdicts.push(await verdictOf(code, items[index++], result.error));
  return verdicts;
}

/**
 * Replay workers log their state changes at INFO, one worker per replay: outside a worker process
 * (the API, the CLI, tests) keep warnings only. Call before any replay; later calls do nothing.
 */
export function quietReplayLogs(): void {
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN'),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
    });
  } catch {
    // a runtime is already installed in this process
  }
}
