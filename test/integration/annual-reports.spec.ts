import { TestStack } from '../support/stack';
import { ownTerritory, Territory } from '../support/territory';

/**
 * The territory's annual report through the HTTP API: micro-grants decided and paid, an anchoring
 * agreement's first tranche; the report's figures (total, by path, by funder, by QPV, by month)
 * equal sums computed independently from the payment orders; who may read it; the PDF.
 */
const stack = new TestStack();
const FUNDER = 'funder-rpt-envelope';
const YEAR = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date()));
let territory: Territory;
const tokens = {
  lead: () => stack.token({ role: 'project_lead', territory: territory.id, sub: `pl-${territory.id}` }),
  delegate: () => stack.token({ role: 'prefect_delegate', territory: territory.id, sub: `pd-${territory.id}` }),
  association: (n = 0) => stack.token({ role: 'association', org: territory.associations[n].id, sub: `user-${territory.associations[n].id}` }),
  outsider: () => stack.token({ role: 'association', org: 'assoc-francs-moisins', sub: 'user-assoc-francs-moisins' }),
  otherDelegate: () => stack.token({ role: 'prefect_delegate', territory: 'plaine-commune', sub: 'pd-plaine-commune' }),
  funder: (org: string) => stack.token({ role: 'funder', org, sub: `user-${org}` }),
  auditor: () => stack.token({ role: 'auditor' }),
  admin: () => stack.token({ role: 'admin' }),
};
const PURPOSE_PATH: Record<string, string> = {
  grant: 'micro_grant',
  stipend: 'preselection_stipend',
  award_tranche: 'consortium_tranche',
  final_tranche: 'consortium_tranche',
  operating_tranche: 'operating_tranche',
  coordination: 'coordination',
};

beforeAll(async () => {
  await stack.start();
  territory = await ownTerritory(stack, 'rpt-territoire');
  await stack.db.query(`INSERT INTO funders (id, name, kind) VALUES ($1, 'Fondation du rapport', 'foundation') ON CONFLICT (id) DO NOTHING`, [FUNDER]);
  await stack.db.query('UPDATE binomes SET funder_id = $1 WHERE id = $2', [FUNDER, territory.binomeId]);
});

afterAll(async () => {
  await stack.stop();
});

async function microGrant(amountCents: number, qpv: string, verdict: 'approve' | 'reject', n = 0): Promise<string> {
  const requested = await stack.request('POST', '/micro-grants', {
    token: tokens.association(n),
    body: { binomeId: territory.binomeId, title: `Action ${amountCents}`, purpose: 'Goûter et affiches', amountCents, qpv },
  });
  expect(requested.status).toBe(201);
  const id: string = requested.body.id;
  for (const token of [tokens.lead(), tokens.delegate()]) {
    const body = verdict === 'approve' ? { decision: 'approve' } : { decision: 'reject', reason: 'Le projet relève de l’appel à projets' };
    expect((await stack.request('POST', `/micro-grants/${id}/decisions`, { token, body })).status).toBe(200);
    if (verdict === 'reject') break;
  }
  await stack.eventually(
    () => stack.request('GET', `/micro-grants/${id}`, { token: tokens.association(n) }),
    (r) => r.body.status === (verdict === 'approve' ? 'paid' : 'rejected'),
  );
  return id;
}

/** The year's payment orders of the territory, read from the table the payments are made from. */
async function ordersOfTheYear(): Promise<{ amount: number; purpose: string; funder: string | null; month: number }[]> {
  const rows: { amount: string; purpose: string; funder: string | null; month: number }[] = await stack.db.query(
    `SELECT po.amount_cents AS amount, po.purpose, coalesce(po.funder_id, b.funder_id) AS funder,
            extract(month FROM po.created_at AT TIME ZONE 'Europe/Paris')::int AS month
       FROM payment_orders po JOIN grants g ON g.id = po.grant_id LEFT JOIN binomes b ON b.id = po.binome_id
      WHERE g.territory_id = $1 AND extract(year FROM po.created_at AT TIME ZONE 'Europe/Paris') = $2`,
    [territory.id, YEAR],
  );
  return rows.map((r) => ({ ...r, amount: Number(r.amount) }));
}

function sums<T>(rows: T[], key: (row: T) => string, amount: (row: T) => number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of rows) out[key(row)] = (out[key(row)] ?? 0) + amount(row);
  return out;
}

describe("a territory's annual report through the HTTP API", () => {
  let agreementId = '';

  it('is empty for a territory with no event in the year, and the envelope is whole', async () => {
    const report = await stack.request('GET', `/territories/${territory.id}/annual-reports/${YEAR - 1}`, { token: tokens.lead() });
    expect(report.status).toBe(200);
    expect(report.body).toEqual(
      expect.objectContaining({
        territory: { id: territory.id, name: `Territoire ${territory.id}` },
        year: YEAR - 1,
        lastEventAt: null,
        calls: [],
        agreements: [],
        taskForces: [],
        signatories: [],
      }),
    );
    expect(report.body.payments).toEqual({ totalCents: 0, orders: 0, byPath: [], byFunder: [], byQpv: [], byTheme: [], byMonth: Array(12).fill(0) });
  });

  it('counts the year’s payments as the payment orders do: total, by path, by funder, by QPV and by month', async () => {
    await microGrant(120_000, 'Francs-Moisins', 'approve');
    await microGrant(80_000, 'Cosmonautes', 'approve', 1);
    await microGrant(50_000, 'Francs-Moisins', 'reject');
    // An anchoring agreement whose first tranche is ordered at its start, one order per funder of its plan.
    const association = territory.associations[1].id;
    const proposed = await stack.request('POST', '/anchoring-agreements', {
      token: tokens.lead(),
      body: {
        associationId: association,
        years: 2,
        yearlyAmountCents: 1_000_000,
        startDate: new Date().toISOString(),
        fundingPlan: [
          { funderId: FUNDER, amountCents: 700_000 },
          { funderId: 'funder-caf-93', amountCents: 300_000 },
        ],
        coordination: { mode: 'flat', flatAmountCents: 50_000 },
      },
    });
    expect(proposed.status).toBe(201);
    agreementId = proposed.body.id;
    for (const org of [FUNDER, 'funder-caf-93']) {
      expect((await stack.request('POST', `/anchoring-agreements/${agreementId}/funding-line/accept`, { token: tokens.funder(org) })).status).toBe(200);
    }
    expect((await stack.request('POST', `/anchoring-agreements/${agreementId}/accept`, { token: tokens.association(1) })).status).toBe(200);
    await stack.eventually(
      () => stack.request('GET', `/anchoring-agreements/${agreementId}`, { token: tokens.lead() }),
      (r) => r.body.schedule[0].tranche === 'paid',
    );

    const report = await stack.request('GET', `/territories/${territory.id}/annual-reports/${YEAR}`, { token: tokens.lead() });
    expect(report.status).toBe(200);
    const orders = await ordersOfTheYear();
    expect(orders).toHaveLength(4);
    const p = report.body.payments;
    const total = orders.reduce((s, o) => s + o.amount, 0);
    expect(total).toBe(1_200_000);
    expect(p.totalCents).toBe(total);
    expect(p.orders).toBe(orders.length);
    const asRecord = (rows: { key: string; cents: number }[]) => Object.fromEntries(rows.map((r) => [r.key, r.cents]));
    expect(asRecord(p.byPath)).toEqual(
      sums(
        orders,
        (o) => PURPOSE_PATH[o.purpose],
        (o) => o.amount,
      ),
    );
    expect(asRecord(p.byFunder)).toEqual(
      sums(
        orders,
        (o) => o.funder ?? 'unattributed',
        (o) => o.amount,
      ),
    );
    const months = Array(12).fill(0);
    for (const o of orders) months[o.month - 1] += o.amount;
    expect(p.byMonth).toEqual(months);
    // QPVs: the micro-grants name theirs, the agreement none.
    expect(asRecord(p.byQpv)).toEqual({ 'Francs-Moisins': 120_000, Cosmonautes: 80_000, unspecified: 1_000_000 });
    expect(p.byFunder.find((f: { key: string }) => f.key === FUNDER).label).toBe('Fondation du rapport');

    expect(report.body.envelope).toEqual({
      totalCents: 3_000_000,
      requested: 3,
      escalated: 0,
      approved: 2,
      rejected: 1,
      expired: 0,
      committedCents: 200_000,
      paidCents: 200_000,
      availableCents: 2_800_000,
    });
    expect(report.body.agreements).toEqual([
      expect.objectContaining({
        id: agreementId,
        status: 'signed',
        associationId: association,
        yearlyAmountCents: 1_000_000,
        ordered: [{ year: 1, amountCents: 1_000_000 }],
        withheld: [],
      }),
    ]);
    // The envelope's funder committed nothing by contribution, and paid its envelope and its line.
    expect(report.body.signatories).toEqual(
      expect.arrayContaining([expect.objectContaining({ signatoryId: FUNDER, name: 'Fondation du rapport', committedCents: 0, paidCents: 900_000 })]),
    );
    // The previous year is untouched by this year's events.
    const before = await stack.request('GET', `/territories/${territory.id}/annual-reports/${YEAR - 1}`, { token: tokens.lead() });
    expect(before.body.payments.totalCents).toBe(0);
  });

  it('is read by the territory’s binôme, the associations acting there, funders, auditors and admins; refused to others', async () => {
    const path = `/territories/${territory.id}/annual-reports/${YEAR}`;
    for (const token of [tokens.lead(), tokens.delegate(), tokens.association(), tokens.funder('funder-caf-93'), tokens.auditor(), tokens.admin()]) {
      expect((await stack.request('GET', path, { token })).status).toBe(200);
    }
    const other = await stack.request('GET', path, { token: tokens.otherDelegate() });
    expect(other.status).toBe(403);
    expect(other.body.message).toMatch(/own territory/);
    expect((await stack.request('GET', path, { token: tokens.outsider() })).status).toBe(403);
    expect((await stack.request('GET', `${path}/pdf`, { token: tokens.outsider() })).status).toBe(403);
    expect((await stack.request('GET', path)).status).toBe(401);
  });

  it('answers a bad year with a 400 and an unknown territory with a 404', async () => {
    for (const year of ['1999', '2101', 'abc', '20260', '2026.5']) {
      const bad = await stack.request('GET', `/territories/${territory.id}/annual-reports/${year}`, { token: tokens.auditor() });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/year: a year between 2000 and 2100/);
    }
    const unknown = await stack.request('GET', `/territories/nowhere-at-all/annual-reports/${YEAR}`, { token: tokens.auditor() });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/no territory nowhere-at-all/);
  });

  it('downloads as a PDF named after the territory and the year', async () => {
    const response = await fetch(`${stack.baseUrl}/territories/${territory.id}/annual-reports/${YEAR}/pdf`, {
      headers: { authorization: `Bearer ${tokens.lead()}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="rapport-${territory.id}-${YEAR}.pdf"`);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.subarray(-6).toString()).toMatch(/%%EOF/);
    expect(bytes.toString('latin1')).toMatch(/\/Lang \(fr-FR\)/);
  });
});
