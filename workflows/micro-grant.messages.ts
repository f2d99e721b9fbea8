import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { DecisionCommand, MicroGrantState, ReportCommand } from '@grants/domain';

export const microGrantStateQuery = defineQuery<MicroGrantState>('state');
/** A binôme member approves, or rejects with a reason. Returns the state after the decision. */
export const decideUpdate = defineUpdate<MicroGrantState, [DecisionCommand]>('decide');
/** The association's short report, after payment. Returns the state after it. */
export const submitReportUpdate = defineUpdate<MicroGrantState, [ReportCommand]>('submitReport');
/** Waits until the request has been checked against the envelope (reserved or escalated). */
export const intakeUpdate = defineUpdate<MicroGrantState>('intake');
