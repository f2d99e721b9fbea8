import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HistoryJson, WorkflowCode, replayHistories, workflowTypeOf } from '@grants/audit';
import * as workflows from '../../workflows';
import { ReplayPool } from '@grants/audit/replay-pool';
import { HISTORIES_DIR } from '../support/histories';
import { quietWorkerLogs } from '../support/workflow-env';

/** Histories recorded from real runs (`npm run record-histories`), replayed with the code of this commit. */
const fixtures = readdirSync(HISTORIES_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, history: JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8')) as HistoryJson }));

const currentCode = (): WorkflowCode =>
  process.env.WORKFLOW_BUNDLE_PATH ? { workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH } } : { workflowsPath: require.resolve('../../workflows') };

beforeAll(() => quietWorkerLogs());

describe('replay regression: recorded histories against the current workflow code', () => {
  it('has recorded histories of every workflow type', () => {
    const recordedTypes = new Set(fixtures.map((f) => workflowTypeOf(f.history)));
    expect([...recordedTypes].sort()).toEqual(Object.keys(workflows).sort());
  });

  it('replays every recorded history deterministically (a change that breaks running grants fails here)', async () => {
    const verdicts = await replayHistories(
      currentCode(),
      fixtures.map((f) => ({ workflowId: f.file, history: f.history })),
    );
    expect(verdicts.filter((v) => !v.deterministic)).toEqual([]);
    expect(verdicts).toHaveLength(fixtures.length);
  });

  it('reports a change made without patched() as nondeterministic, with the event where it diverges', async () => {
    const closed = fixtures.find((f) => f.file === 'micro-grant-closed.json')!;
    const [verdict] = await replayHistories({ workflowsPath: require.resolve('./fixtures/changed-without-patch.workflows') }, [
      { workflowId: 'micro-grant-closed', runId: 'recorded', history: closed.history },
    ]);
    expect(verdict.deterministic).toBe(false);
    // The history's first command is the event append (event 5); the changed code schedules another activity.
    const event = closed.history.events.find((e) => Number(e.eventId) === verdict.divergence?.eventId);
    expect(event?.eventType).toBe('EVENT_TYPE_ACTIVITY_TASK_SCHEDULED');
    expect(verdict.divergence).toMatchObject({ runId: 'recorded', eventId: 5, message: expect.stringMatching(/Nondeterminism/) });
  });

  it('replays the same change made behind patched() cleanly', async () => {
    const closed = fixtures.find((f) => f.file === 'micro-grant-closed.json')!;
    const [verdict] = await replayHistories({ workflowsPath: require.resolve('./fixtures/changed-with-patch.workflows') }, [
      { workflowId: 'micro-grant-closed', history: closed.history },
    ]);
    expect(verdict).toMatchObject({ deterministic: true });
  });

  it('reaches the same verdicts in the warm replay processes with no stack traces captured (--stack-trace-limit=0)', async () => {
    const current = await ReplayPool.load(currentCode(), { processes: 2, stackTraceLimit: 0 });
    const changed = await ReplayPool.load(
      { workflowsPath: require.resolve('./fixtures/changed-without-patch.workflows') },
      { processes: 1, stackTraceLimit: 0 },
    );
    try {
      const halves = [fixtures.slice(0, fixtures.length / 2), fixtures.slice(fixtures.length / 2)];
      const verdicts = (await Promise.all(halves.map((half) => current.replay(half.map((f) => ({ workflowId: f.file, history: f.history })))))).flat();
      expect(current.size).toBe(2);
      expect(verdicts.filter((v) => !v.deterministic)).toEqual([]);
      expect(verdicts).toHaveLength(fixtures.length);
      const closed = fixtures.find((f) => f.file === 'micro-grant-closed.json')!;
      const [verdict] = await changed.replay([{ workflowId: 'micro-grant-closed', runId: 'recorded', history: closed.history }]);
      expect(verdict.divergence).toMatchObject({ runId: 'recorded', eventId: 5, message: expect.stringMatching(/Nondeterminism/) });
    } finally {
      await Promise.all([current.close(), changed.close()]);
    }
  });
});
