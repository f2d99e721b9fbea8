import { getExternalWorkflowHandle } from '@temporalio/workflow';
import { CoordinationMeetingInput, CoordinationMeetingResult } from '@grants/contracts';
import { acts } from './common';
import { tokenCreditSignal } from './anchoring-agreement.messages';

/**
 * One coordination meeting of the contrat de ville: recorded once (its id is the workflow id), then
 * a token for every attending association with a token-mode agreement in the territory. Each
 * agreement keeps a meeting's token once, whatever the retries.
 */
export async function coordinationMeetingWorkflow(input: CoordinationMeetingInput): Promise<CoordinationMeetingResult> {
  await acts.recordCoordinationMeeting(input);
  const agreementIds = await acts.findTokenAgreements({ territoryId: input.territoryId, associationIds: input.attendeeAssociationIds });
  const credited: string[] = [];
  for (const agreementId of agreementIds) {
    try {
      await getExternalWorkflowHandle(agreementId).signal(tokenCreditSignal, { meetingId: input.meetingId, date: input.date, topic: input.topic });
      credited.push(agreementId);
    } catch {
      // The agreement ended meanwhile (no running workflow to signal): it takes no more tokens.
    }
  }
  await acts.markMeetingCredited({ meetingId: input.meetingId, agreementIds: credited });
  return { meetingId: input.meetingId, creditedAgreementIds: credited };
}
