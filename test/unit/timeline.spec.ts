import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HistoryJson, decisionTimeline } from '@grants/audit';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '../replay/histories', `${name}.json`), 'utf8')) as HistoryJson;

describe('the decision timeline of a micro-grant', () => {
  it('reads the same decisions from a history with activities and from one with local activities', () => {
    const whats = (name: string) => decisionTimeline(fixture(name)).map((entry) => entry.what);
    const expected = [
      'requested',
      'funds reserved in the envelope',
      'decision: approve',
      'decision: approve',
      'payment ordered',
      'report submitted',
      'ended: closed',
    ];
    // Recorded before the local steps (every step an activity), and after (the payment order a local activity's marker).
    for (const name of ['micro-grant-closed-v3', 'micro-grant-closed-v4']) expect(whats(name).filter((what) => !what.startsWith('signal'))).toEqual(expected);
    const payment = decisionTimeline(fixture('micro-grant-closed-v4')).find((entry) => entry.what === 'payment ordered');
    expect(payment?.details).toMatchObject({ paymentOrderId: expect.stringMatching(/^po-/) });
  });
});
