import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type { PublishOpenDataRequest, PublishOpenDataResult } from '@grants/contracts';

/** A convention of the funder was signed, amended or ended, or its settings changed: look again. */
export const conventionsChangedSignal = defineSignal<[]>('conventionsChanged');
/** The funder publishes rows of its dataset (all that await publication when none are named). */
export const publishOpenDataUpdate = defineUpdate<PublishOpenDataResult, [PublishOpenDataRequest]>('publishOpenData');
