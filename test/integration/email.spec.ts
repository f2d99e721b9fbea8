import { SmtpListener } from '../support/smtp';
import { TestStack } from '../support/stack';

/** A real SMTP listener: the worker sends the notifications of a lifecycle through nodemailer. */
const smtp = new SmtpListener();
const inbox = smtp.inbox;
let stack: TestStack;

beforeAll(async () => {
  stack = new TestStack({ SMTP_URL: await smtp.start(), EMAIL_RETRY_INITIAL: '500ms', EMAIL_RETRY_EVERY: '300ms' });
  await stack.start();
});

afterAll(async () => {
  await stack?.stop();
  await smtp.stop();
});

/** A micro-grant of this association in Est Ensemble, approved by both members of the binôme, once paid. */
async function paidGrant(org: string, body: { title: string; purpose: string; amountCents: number }) {
  const association = stack.token({ role: 'association', org, sub: `user-${org}` });
  const created = await stack.request('POST', '/micro-grants', { token: association, body: { binomeId: 'binome-est-ensemble', ...body } });
  const id: string = created.body.id;
  for (const role of ['project_lead', 'prefect_delegate'] as const) {
    await stack.request('POST', `/micro-grants/${id}/decisions`, { token: stack.token({ role, territory: 'est-ensemble' }), body: { decision: 'approve' } });
  }
  const paid = await stack.eventually(
    () => stack.request('GET', `/micro-grants/${id}`, { token: association }),
    (r) => r.body.status === 'paid',
  );
  return { id, paid };
}

it('e-mails the association and the binôme in French, with French amounts and dates, once each', async () => {
  const { id, paid } = await paidGrant('assoc-bondy-culture', { title: 'Scène ouverte', purpose: 'Sono et affiches', amountCents: 123_456 });
  const payment = await stack.eventually(
    async () => inbox.filter((m) => m.subject === 'Paiement ordonné\u00a0: Scène ouverte'),
    (mails) => mails.length > 1,
  );
  // One to the association, one to the funder whose money the binôme's envelope is (the State).
  expect(
    payment
      .map((m) => m.to)
      .flat()
      .sort(),
  ).toEqual(['contact@assoc-bondy-culture.demo.grants.local', 'subventions@funder-etat-93.demo.grants.local']);
  payment.sort((a, b) => (a.to[0] < b.to[0] ? -1 : 1));
  const text = payment[0].text.replace(/\s/g, ' ');
  expect(text).toContain('Le paiement de 1 234,56 € est ordonné');
  // French writes the first of a month "1er" (« 1er mars 2027 »), as the e-mails do.
  const due = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date(paid.body.reportDueAt)).replace(/^1 /, '1er ');
  expect(text).toContain(`Un court bilan est attendu avant le ${due.replace(/\s/g, ' ')}`);
  expect(text).toContain(`/app/micro-subventions/${id}`);

  const approvals = inbox
    .filter((m) => m.subject === 'Micro-subvention accordée\u00a0: Scène ouverte')
    .flatMap((m) => m.to)
    .sort();
  expect(approvals).toEqual(['contact@assoc-bondy-culture.demo.grants.local', 'dsu.est-ensemble@demo.grants.local', 'prefet.est-ensemble@demo.grants.local']);
  const deliveries = await stack.count(
    `SELECT 1 FROM email_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.grant_id = $1 AND d.status = 'sent'`,
    [id],
  );
  expect(deliveries).toBe(inbox.filter((m) => m.text.includes(id)).reduce((sum, m) => sum + m.to.length, 0));
});

it('never lets a failing mail server hold a grant: the payment is ordered, the e-mail follows once the server answers, once', async () => {
  smtp.refusing = true;
  // Paid while every e-mail is refused: the e-mails wait, the grant does not.
  const { id, paid } = await paidGrant('assoc-femmes-relais-93', { title: 'Café des aidants', purpose: 'Goûters', amountCents: 45_000 });
  expect(paid.body.paymentOrderId).toEqual(expect.any(String));
  const waiting = await stack.eventually(
    (): Promise<{ attempts: number; last_error: string | null }[]> =>
      stack.db.query(
        `SELECT d.attempts, d.last_error FROM email_deliveries d JOIN notifications n ON n.id = d.notification_id
          WHERE n.grant_id = $1 AND n.event_type = 'PaymentOrdered' AND d.address = 'contact@assoc-femmes-relais-93.demo.grants.local' AND d.status = 'pending'`,
        [id],
      ),
    (rows) => rows.length === 1 && rows[0].attempts >= 1,
  );
  expect(waiting[0].last_error).toMatch(/451|temporarily/i);
  expect(inbox.filter((m) => m.text.includes(id))).toEqual([]);

  smtp.refusing = false;
  const payment = await stack.eventually(
    async () =>
      inbox.filter((m) => m.subject === 'Paiement ordonné\u00a0: Café des aidants' && m.to.includes('contact@assoc-femmes-relais-93.demo.grants.local')),
    (mails) => mails.length > 0,
  );
  await new Promise((r) => setTimeout(r, 1_500)); // a few more retry passes: nothing is sent twice
  expect(
    inbox.filter((m) => m.subject === 'Paiement ordonné\u00a0: Café des aidants' && m.to.includes('contact@assoc-femmes-relais-93.demo.grants.local')),
  ).toHaveLength(1);
  expect(payment[0].text).toContain(`/app/micro-subventions/${id}`);
  expect(
    await stack.count(`SELECT 1 FROM email_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.grant_id = $1 AND d.status <> 'sent'`, [id]),
  ).toBe(0);
});
