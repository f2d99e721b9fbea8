import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { euros } from '@grants/domain';
import { EnvelopeInput } from '@grants/contracts';
import type { envelopeWorkflow } from '../../workflows/envelope.workflow';
import { commitFundsSignal, envelopeQuery, releaseFundsSignal, reserveFundsUpdate } from '../../workflows/envelope.messages';
import { recordHistory } from '../support/histories';
import { createTestWorker, useTimeSkippingSuite } from '../support/workflow-env';

const suite = useTimeSkippingSuite();
let env: TestWorkflowEnvironment;
let dataSource: DataSource;

beforeAll(() => ({ env, dataSource } = suite()));

describe('the envelope entity workflow', () => {
  it('continues as new before its history grows, without losing a reservation or a commitment', async () => {
    const { worker, taskQueue } = await createTestWorker(env, dataSource);
    const input: EnvelopeInput = {
      binomeId: 'binome-est-ensemble',
      year: 2200,
      policy: { totalCents: euros(30_000), ceilingCents: euros(3_000) },
      maxOperationsPerRun: 10,
    };
    const workflowId = `envelope-test-${randomUUID()}`;
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start<typeof envelopeWorkflow>('envelopeWorkflow', { taskQueue, workflowId, args: [input] });
      const firstRunId = handle.firstExecutionRunId;
      for (let i = 0; i < 25; i++) {
        const result = await handle.executeUpdate(reserveFundsUpdate, { args: [{ grantId: `g-${i}`, amountCents: euros(1000) }] });
        expect(result).toEqual({ outcome: 'reserved', amountCents: euros(1000) });
        if (i % 5 === 0) await handle.signal(commitFundsSignal, { grantId: `g-${i}` });
        if (i % 5 === 1) await handle.signal(releaseFundsSignal, { grantId: `g-${i}` });
      }
      // The 31st thousand would over-commit: refused before it enters history.
      const summary = await handle.query(envelopeQuery);
      expect(summary).toMatchObject({ committedCents: euros(5000), reservedCents: euros(15_000), availableCents: euros(10_000) });
      expect(summary.reservations + summary.commitments).toBe(20);
      const repeat = await handle.executeUpdate(reserveFundsUpdate, { args: [{ grantId: 'g-2', amountCents: euros(1000) }] });
      expect(repeat.outcome).toBe('reserved');
      expect((await handle.query(envelopeQuery)).reservedCents).toBe(euros(15_000));

      const description = await env.client.workflow.getHandle(workflowId).describe();
      expect(description.runId).not.toBe(firstRunId); // it did continue as new
      await recordHistory(env.client, workflowId, 'envelope-continued-as-new', firstRunId);
    });
  });

  it('refuses, before history, a reservation over the ceiling or beyond what is left', async () => {
    const { worker, taskQueue } = await createTestWorker(env, dataSource);
    const workflowId = `envelope-test-${randomUUID()}`;
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start<typeof envelopeWorkflow>('envelopeWorkflow', {
        taskQueue,
        workflowId,
        args: [{ binomeId: 'binome-est-ensemble', year: 2201, policy: { totalCents: euros(4000), ceilingCents: euros(3000) }, maxOperationsPerRun: 500 }],
      });
      await handle.executeUpdate(reserveFundsUpdate, { args: [{ grantId: 'a', amountCents: euros(3000) }] });
      const over = handle.executeUpdate(reserveFundsUpdate, { args: [{ grantId: 'b', amountCents: euros(3000) + 1 }] });
      await expect(over).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      await expect(over).rejects.toMatchObject({ cause: { type: 'over_ceiling' } });
      const beyond = handle.executeUpdate(reserveFundsUpdate, { args: [{ grantId: 'c', amountCents: euros(1000) + 1 }] });
      await expect(beyond).rejects.toMatchObject({ cause: { type: 'envelope_exhausted' } });
      expect(await handle.query(envelopeQuery)).toMatchObject({ reservedCents: euros(3000), availableCents: euros(1000) });
      const { events } = await handle.fetchHistory();
      const updates = events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
      expect(updates).toHaveLength(1); // the refused ones never entered history
      await recordHistory(env.client, workflowId, 'envelope-refusals');
    });
  });
});
