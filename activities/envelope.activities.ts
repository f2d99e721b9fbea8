import { ApplicationFailure } from '@temporalio/common';
import { Client, WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { Cents, EnvelopeTerms, EscalationCode, envelopeTermsOf } from '@grants/domain';
import { BinomeEntity } from '@grants/persistence';
import { EnvelopeInput, ReserveFundsResult, envelopeWorkflowId } from '@grants/contracts';
import { reserveFundsUpdate } from '../workflows/envelope.messages';

export interface EnvelopeDeps {
  dataSource: DataSource;
  client: Client;
  taskQueue: string;
  maxOperationsPerRun: number;
}

const ESCALATION_CODES: readonly string[] = ['over_ceiling', 'envelope_exhausted', 'association_cap'] satisfies EscalationCode[];

export function createEnvelopeActivities({ dataSource, client, taskQueue, maxOperationsPerRun }: EnvelopeDeps) {
  async function readEnvelopeTerms(binomeId: string): Promise<EnvelopeTerms> {
    const binome = await dataSource.getRepository(BinomeEntity).findOneBy({ id: binomeId });
    if (!binome) throw ApplicationFailure.nonRetryable(`unknown binôme ${binomeId}`, 'not_found');
    return envelopeTermsOf(binome);
  }

  return {
    /**
     * Reserves a grant's amount in its binôme's envelope for the year, starting the envelope workflow
     * if it is the year's first request. The update id is derived from the grant, so a retry never
     * reserves twice; a refusal by the envelope becomes an escalation with its reason.
     */
    async reserveEnvelopeFunds(request: {
      binomeId: string;
      year: number;
      grantId: string;
      amountCents: Cents;
      associationId?: string;
      /** The envelope's settings read with the request; a request made before they travelled with it reads the binôme. */
      envelope?: EnvelopeTerms;
    }): Promise<ReserveFundsResult> {
      const terms = request.envelope ?? (await readEnvelopeTerms(request.binomeId));
      const input: EnvelopeInput = {
        binomeId: request.binomeId,
        year: request.year,
        policy: { totalCents: terms.totalCents, ceilingCents: terms.ceilingCents },
        maxOperationsPerRun,
      };
      const startWorkflowOperation = new WithStartWorkflowOperation('envelopeWorkflow', {
        workflowId: envelopeWorkflowId(request.binomeId, request.year),
        taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      try {
        return await client.workflow.executeUpdateWithStart(reserveFundsUpdate, {
          args: [
            {
              grantId: request.grantId,
              amountCents: request.amountCents,
              // Fair use: the cap as the binôme's settings said with the request (a third of the envelope unless set).
              ...(request.associationId ? { associationId: request.associationId, associationCapCents: terms.associationCapCents } : {}),
            },
          ],
          updateId: `reserve-${request.grantId}`,
          startWorkflowOperation,
        });
      } catch (error) {
        const cause = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
        if (cause instanceof ApplicationFailure && cause.type && ESCALATION_CODES.includes(cause.type)) {
          return { outcome: 'escalated', code: cause.type as EscalationCode, reason: cause.message };
        }
        throw error;
      }
    },
  };
}
