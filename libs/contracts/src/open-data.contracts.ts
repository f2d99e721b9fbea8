import type { OpenDataEventBody, PublishedRow } from '@grants/domain';

/** Input of a funder's open-data workflow (id `open-data-<funderId>`). */
export interface OpenDataInput {
  funderId: string;
  /** Steps taken by the runs before (carried over continue-as-new: step names stay unique). */
  steps?: number;
}

/** The funder's click: the rows it publishes (every row awaiting publication when absent). */
export interface PublishOpenDataRequest {
  actorId: string;
  rowIds?: string[];
}

export interface PublishOpenDataResult {
  rows: { rowId: string; change: PublishedRow['change']; revision: number }[];
  /** Why nothing could be published (the funder's SIRET, a row that would not validate). */
  blocked?: string;
  /** Rows asked for that are not the funder's or do not await publication. */
  unknown?: string[];
  /** The event appended (publication or block), if any. */
  event?: OpenDataEventBody;
  occurredAt: string;
}
