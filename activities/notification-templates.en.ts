import { dayEn, OpenDataEventBody } from '@grants/domain';
import type { RenderedNotification } from './notification-templates';

/** English texts of a funder's open-data notifications, for accounts that chose English (French is the default). */
export function renderOpenDataNotificationEn(event: OpenDataEventBody, funderName: string, link: string): RenderedNotification {
  const body = (subject: string, text: string): RenderedNotification => ({ subject, text: `${text}\n\nPublished data: ${link}` });
  const rows = (n: number) => (n === 1 ? '1 row' : `${n} rows`);
  switch (event.type) {
    case 'OpenDataPublished': {
      const n = event.payload.rows.length;
      const why =
        event.payload.trigger === 'deadline'
          ? 'The legal three months after signature are over: they were published by the platform.'
          : event.payload.trigger === 'automatic'
            ? 'Your settings publish conventions as soon as they are signed.'
            : 'Published by your organisation.';
      return body(`Essential data published: ${funderName}`, `${rows(n)} published in the SCDL "Subventions" format (open data). ${why}`);
    }
    case 'OpenDataReminderSent':
      return body(
        `Essential data to publish by ${dayEn(event.payload.dueBy)}`,
        `${event.payload.rowIds.length === 1 ? '1 signed convention awaits' : `${event.payload.rowIds.length} signed conventions await`} publication as open data ` +
          '(required above 23,000 EUR a year, within three months of signature). Publish them, or the platform will at the deadline.',
      );
    case 'OpenDataPublicationBlocked':
      return body(
        `Publication of essential data blocked: ${funderName}`,
        `${rows(event.payload.rowIds.length)} could not be published at the legal deadline.\nReason: ${event.payload.reason}.`,
      );
    default: {
      const never: never = event;
      throw new Error(`no template for ${JSON.stringify(never)}`);
    }
  }
}
