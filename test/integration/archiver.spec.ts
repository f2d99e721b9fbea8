import { MockActivityEnvironment } from '@temporalio/testing';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createAuditActivities } from '../../activities/audit.activities';
import { TestStack } from '../support/stack';

/**
 * The archiver leaves no gap: a backlog of closed runs larger than one pass is archived over several
 * passes, oldest first, and the checkpoint never moves past a run that is not archived. No worker
 * runs in this suite, so no other run closes meanwhile; the passes are the real activity (the real
 * Temporal listing and histories, the real PostgreSQL), with a pass of three.
 */
const stack = new TestStack();
const BACKLOG = 7;

beforeAll(async () => {
  await stack.start({ worker: false });
});

afterAll(async () => {
  await stack.stop();
});

describe('the history archiver', () => {
  it('archives a backlog larger than one pass, oldest first, over several passes, and never leaves an older run behind', async () => {
    // What the archiver had done so far: everything closed before now is archived.
    await stack.db.query(
      `INSERT INTO archiver_checkpoints (namespace, complete_before) VALUES ('default', now())
       ON CONFLICT (namespace) DO UPDATE SET complete_before = now()`,
    );
    // The backlog: runs closing one after the other (started, then terminated).
    const stamp = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < BACKLOG; i++) {
      const id = `archiver-backlog-${stamp}-${i}`;
      const handle = await stack.client.workflow.start('archiverBacklogProbe', { taskQueue: `archiver-probe-${stamp}`, workflowId: id, args: [] });
      await handle.terminate('closed for the archiver test');
      ids.push(id);
      await new Promise((r) => setTimeout(r, 30));
    }
    await stack.eventually(
      async () => {
        let listed = 0;
        for await (const info of stack.client.workflow.list({ query: `WorkflowType = 'archiverBacklogProbe' AND ExecutionStatus = 'Terminated'` })) {
          if (info.workflowId.startsWith(`archiver-backlog-${stamp}-`)) listed++;
        }
        return listed;
      },
      (listed) => listed === BACKLOG,
    );
    const archive = createAuditActivities({
      dataSource: stack.db,
      client: stack.client,
      auditAnchorFile: join(tmpdir(), `anchors-${stamp}.jsonl`),
      archivePassLimit: 3,
      archiveOverlapMs: 0,
    });
    const archivedIds = async (): Promise<string[]> =>
      (
        await stack.db.query(`SELECT workflow_id FROM workflow_histories WHERE workflow_id LIKE $1 ORDER BY close_time, workflow_id`, [
          `archiver-backlog-${stamp}-%`,
        ])
      ).map((r: { workflow_id: string }) => r.workflow_id);

    type Pass = Awaited<ReturnType<typeof archive.archiveClosedWorkflows>>;
    const runPass = async (): Promise<Pass> => (await new MockActivityEnvironment().run(archive.archiveClosedWorkflows)) as Pass;
    const passes: { archived: number; remaining: number }[] = [];
    for (let pass = 0; pass < 3; pass++) {
      const result = await runPass();
      passes.push({ archived: result.archived, remaining: result.remaining });
      // After each pass, the runs archived are exactly the oldest ones.
      expect(await archivedIds()).toEqual(ids.slice(0, Math.min(3 * (pass + 1), BACKLOG)));
    }
    expect(passes).toEqual([
      { archived: 3, remaining: 4 },
      { archived: 3, remaining: 1 },
      { archived: 1, remaining: 0 },
    ]);
    // Another pass finds nothing more to archive; the checkpoint sits at the newest close, never past an unarchived run.
    const again = await runPass();
    expect(again).toMatchObject({ archived: 0, remaining: 0 });
    const [{ behind }] = await stack.db.query(
      `SELECT count(*)::int AS behind FROM workflow_histories h, archiver_checkpoints c
        WHERE c.namespace = 'default' AND h.workflow_id LIKE $1 AND h.close_time > c.complete_before`,
      [`archiver-backlog-${stamp}-%`],
    );
    expect(behind).toBe(0);
  });
});
