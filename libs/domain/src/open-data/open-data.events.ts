import { ScdlRecord } from './scdl';

/** How a publication came about: the funder's click, its setting to publish at signature, or the legal deadline. */
export type PublicationTrigger = 'funder' | 'automatic' | 'deadline';

/** Why a publication could not happen: the directory has no funder, or no valid SIRET for it; a row would not validate. */
export type PublicationBlock = 'unknown_funder' | 'missing_siret' | 'invalid_siret' | 'invalid_row';

/** What a publication did to one row of the dataset. */
export interface PublishedRow {
  rowId: string;
  grantId: string;
  year: number;
  revision: number;
  change: 'published' | 'corrected' | 'withdrawn';
  /** The row as the file shows it from now on; null when withdrawn. */
  record: ScdlRecord | null;
}

/** Events of a funder's open-data stream (`open-data-<funderId>`): its publications, reminders and blocks. */
export type OpenDataEventBody =
  | { type: 'OpenDataPublished'; payload: { trigger: PublicationTrigger; rows: PublishedRow[] } }
  | { type: 'OpenDataReminderSent'; payload: { rowIds: string[]; dueBy: string } }
  | { type: 'OpenDataPublicationBlocked'; payload: { code: PublicationBlock; reason: string; rowIds: string[] } };

export const openDataStreamId = (funderId: string): string => `open-data-${funderId}`;
