import fc from 'fast-check';
import { TestStack } from '../support/stack';

/**
 * Property-based: malformed, oversized and hostile bodies, ids, query strings and headers on every
 * endpoint always get a 4xx with a message, never a 5xx, and start nothing and write nothing.
 */
const stack = new TestStack();
const RUNS = 40;

const tokens = {
  association: () => stack.token({ role: 'association', org: 'assoc-francs-moisins' }),
  projectLead: () => stack.token({ role: 'project_lead', territory: 'plaine-commune' }),
  auditor: () => stack.token({ role: 'auditor' }),
  admin: () => stack.token({ role: 'admin', sub: 'admin-demo' }),
  funder: () => stack.token({ role: 'funder', org: 'funder-etat-93' }),
};

const validRequest = {
  binomeId: 'binome-plaine-commune',
  title: 'Fête de quartier',
  purpose: 'Goûter',
  amountCents: 10_000,
};

const hostileText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.constantFrom(
    '../../etc/passwd',
    "' OR 1=1 --",
    '%00',
    '<script>alert(1)</script>',
    '${jndi:ldap://x}',
    '\u0000',
    'x'.repeat(10_000),
    'mg-00000000-0000-0000-0000-000000000000',
    '💸'.repeat(50),
  ),
);

/** A value that is wrong for each field of a micro-grant request. */
const invalidField = fc.oneof(
  fc.record({
    field: fc.constant('binomeId'),
    value: fc.oneof(
      hostileText.filter((t) => !/^binome-[a-z0-9-]{1,80}$/.test(t)),
      fc.integer(),
      fc.constant(null),
    ),
  }),
  fc.record({
    field: fc.constant('title'),
    value: fc.oneof(fc.constant(''), fc.constant('t'.repeat(201)), fc.integer(), fc.constant(null), fc.array(fc.string())),
  }),
  fc.record({ field: fc.constant('purpose'), value: fc.oneof(fc.constant(''), fc.constant('p'.repeat(4001)), fc.boolean(), fc.constant(null)) }),
  fc.record({
    field: fc.constant('amountCents'),
    value: fc.oneof(
      fc.double().filter((d) => !Number.isInteger(d) || d < 1 || d > 1e11),
      fc.integer({ max: 0 }),
      fc.constant(1e12),
      fc.string(),
      fc.constant(null),
      fc.constant('1500'),
    ),
  }),
  fc.record({ field: fc.constantFrom('__proto__', 'constructor', 'status', 'associationId', 'extra'), value: fc.jsonValue() }),
);

/** A well-formed task force id that names none. */
const TASK_FORCE = 'tf-00000000-0000-4000-8000-000000000000';
const COPIL = 'copil-plaine-commune-2026';

const endpoints = (id: string): { method: string; path: string; token: () => string; body?: unknown }[] => [
  { method: 'GET', path: `/micro-grants/${id}`, token: tokens.auditor },
  { method: 'POST', path: `/micro-grants/${id}/decisions`, token: tokens.projectLead, body: { decision: 'approve' } },
  { method: 'POST', path: `/micro-grants/${id}/report`, token: tokens.association, body: { summary: 'bilan' } },
  { method: 'GET', path: `/grants/${id}/events`, token: tokens.auditor },
  { method: 'GET', path: `/grants/${id}/verify`, token: tokens.auditor },
  { method: 'GET', path: `/grants/${id}/history`, token: tokens.auditor },
  { method: 'POST', path: `/grants/${id}/replay`, token: tokens.auditor },
  { method: 'GET', path: `/binomes/${id}/envelopes/2026`, token: tokens.auditor },
  { method: 'GET', path: `/binomes/binome-plaine-commune/envelopes/${id}`, token: tokens.auditor },
  { method: 'POST', path: `/me/notifications/${id}/read`, token: tokens.auditor },
  { method: 'GET', path: `/audit/digests/${id}`, token: tokens.auditor },
  { method: 'GET', path: `/calls/${id}`, token: tokens.auditor },
  { method: 'POST', path: `/calls/${id}/meetups`, token: tokens.projectLead, body: { at: new Date(Date.now() + 60_000).toISOString(), place: 'ici' } },
  { method: 'POST', path: `/calls/${id}/meetups/${id}/rsvp`, token: tokens.association, body: { attending: true } },
  { method: 'POST', path: `/calls/${id}/meetups/${id}/attendance`, token: tokens.projectLead, body: { attendeeIds: [] } },
  { method: 'POST', path: `/calls/${id}/consortia`, token: tokens.association, body: { name: 'Consortium' } },
  { method: 'POST', path: `/calls/${id}/expressions`, token: tokens.association, body: { summary: 'intérêt' } },
  { method: 'POST', path: `/calls/${id}/shortlist`, token: tokens.projectLead, body: { decisions: [] } },
  { method: 'POST', path: `/calls/${id}/awards`, token: tokens.projectLead, body: { awards: [], reason: 'décision' } },
  { method: 'POST', path: `/calls/${id}/funding-line/accept`, token: tokens.funder },
  { method: 'POST', path: `/consortia/${id}/invitations`, token: tokens.association, body: { associationId: 'assoc-jeunesse-aubervilliers' } },
  { method: 'POST', path: `/consortia/${id}/invitations/assoc-francs-moisins/accept`, token: tokens.association },
  { method: 'POST', path: `/consortia/${id}/invitations/${id}/decline`, token: tokens.association },
  { method: 'GET', path: `/applications/${id}`, token: tokens.auditor },
  { method: 'POST', path: `/applications/${id}/proposal`, token: tokens.association, body: validProposal },
  { method: 'POST', path: `/applications/${id}/final-report`, token: tokens.association, body: { summary: 'bilan' } },
  { method: 'GET', path: `/anchoring-agreements/${id}`, token: tokens.auditor },
  { method: 'POST', path: `/anchoring-agreements/${id}/accept`, token: tokens.association },
  { method: 'POST', path: `/anchoring-agreements/${id}/reports`, token: tokens.association, body: { year: 1, summary: 'bilan' } },
  { method: 'POST', path: `/anchoring-agreements/${id}/amendments`, token: tokens.projectLead, body: { yearlyAmountCents: 100_000, fromYear: 2 } },
  { method: 'POST', path: `/anchoring-agreements/${id}/amendments/accept`, token: tokens.association },
  { method: 'POST', path: `/anchoring-agreements/${id}/termination`, token: tokens.projectLead, body: { mode: 'notice', reason: 'fin' } },
  { method: 'GET', path: `/incubation-cohorts/${id}/2027`, token: tokens.auditor },
  { method: 'GET', path: `/incubation-cohorts/plaine-commune/${id}`, token: tokens.auditor },
  {
    method: 'POST',
    path: `/incubation-cohorts/${id}/2027/nominations`,
    token: tokens.association,
    body: { projectTitle: 'p', description: 'd', themes: ['t'], qpv: 'q' },
  },
  { method: 'POST', path: `/incubation-cohorts/${id}/2027/selections`, token: tokens.projectLead, body: { nominationId: 'nom-00000000', reason: 'r' } },
  { method: 'GET', path: `/incubations/${id}`, token: tokens.auditor },
  { method: 'POST', path: `/incubations/${id}/mentor`, token: tokens.projectLead, body: { mentorAssociationId: 'assoc-sport-pour-tous' } },
  { method: 'GET', path: `/incubations/${id}/mentor-suggestions`, token: tokens.auditor },
  { method: 'POST', path: `/incubations/${id}/plan`, token: tokens.projectLead, body: { supports: ['mentoring'] } },
  { method: 'POST', path: `/incubations/${id}/milestones/design/complete`, token: tokens.association, body: {} },
  { method: 'POST', path: `/incubations/inc-plaine-commune-2027-00000000/milestones/${id}/complete`, token: tokens.association, body: {} },
  { method: 'POST', path: `/incubations/${id}/funding-leads`, token: tokens.association, body: { kind: 'other', description: 'd' } },
  { method: 'POST', path: `/incubations/${id}/impact-report`, token: tokens.association, body: { summary: 's' } },
  { method: 'POST', path: `/incubations/${id}/withdraw`, token: tokens.association, body: { reason: 'r' } },
  { method: 'GET', path: `/task-forces/${id}`, token: tokens.auditor },
  { method: 'POST', path: `/task-forces/${id}/members`, token: tokens.projectLead, body: { kind: 'service', name: 'Service' } },
  { method: 'POST', path: `/task-forces/${id}/members/m1/accept`, token: tokens.association },
  { method: 'POST', path: `/task-forces/${TASK_FORCE}/members/${id}/accept`, token: tokens.association },
  { method: 'POST', path: `/task-forces/${id}/members/${id}/decline`, token: tokens.association, body: { reason: 'non' } },
  { method: 'POST', path: `/task-forces/${id}/kick-off`, token: tokens.projectLead, body: { summary: 'lancement' } },
  { method: 'POST', path: `/task-forces/${id}/actions`, token: tokens.association, body: { text: 'action' } },
  { method: 'POST', path: `/task-forces/${id}/check-ins/1`, token: tokens.projectLead, body: { summary: 'point' } },
  { method: 'POST', path: `/task-forces/${TASK_FORCE}/check-ins/${id}`, token: tokens.projectLead, body: { summary: 'point' } },
  { method: 'POST', path: `/task-forces/${id}/mid-term-review`, token: tokens.projectLead, body: { assessment: 'bilan' } },
  { method: 'POST', path: `/task-forces/${id}/extension`, token: tokens.projectLead, body: { months: 1, reason: 'retard' } },
  { method: 'POST', path: `/task-forces/${id}/final-report`, token: tokens.projectLead, body: { coordinated: 'c', scaleUp: 's' } },
  { method: 'POST', path: `/task-forces/${id}/cancel`, token: tokens.projectLead, body: { reason: 'fin' } },
  { method: 'GET', path: `/contributions/${id}`, token: tokens.auditor },
  { method: 'POST', path: `/contributions/${id}/sign`, token: tokens.projectLead },
  { method: 'POST', path: `/contributions/${id}/revise`, token: tokens.funder, body: validContribution() },
  { method: 'POST', path: `/contributions/${id}/withdraw`, token: tokens.projectLead, body: { reason: 'fin' } },
  { method: 'GET', path: `/signatories/${id}/years/2027`, token: tokens.association },
  { method: 'GET', path: `/signatories/funder-etat-93/years/${id}`, token: tokens.association },
  { method: 'GET', path: `/needs/${id}`, token: tokens.auditor },
  { method: 'GET', path: `/needs/${id}/suggestions`, token: tokens.projectLead },
  { method: 'POST', path: `/needs/${id}/routing`, token: tokens.projectLead, body: { signatoryId: 'funder-caf-93', contactName: 'Mme Diallo' } },
  { method: 'POST', path: `/needs/${id}/answer`, token: tokens.funder, body: { supported: true, text: 'oui' } },
  { method: 'POST', path: `/needs/${id}/withdraw`, token: tokens.association, body: { reason: 'fin' } },
  { method: 'GET', path: `/signatories/${id}/needs/2027`, token: tokens.association },
  { method: 'GET', path: `/signatories/funder-etat-93/needs/${id}`, token: tokens.association },
  { method: 'GET', path: `/territories/${id}/annual-reports/2026`, token: tokens.auditor },
  { method: 'GET', path: `/codirs/${id}`, token: tokens.auditor },
  { method: 'GET', path: `/codirs/${id}/suggestions?directionId=education`, token: tokens.projectLead },
  {
    method: 'POST',
    path: `/codirs/${id}/directions`,
    token: tokens.projectLead,
    body: { directionId: 'culture', sector: 'culture', name: 'Culture', contact: 'c@ville.example' },
  },
  { method: 'POST', path: `/codirs/${id}/statements`, token: tokens.projectLead, body: { directionId: 'education', text: 'contribution' } },
  { method: 'POST', path: `/codirs/${id}/answers`, token: tokens.projectLead, body: { directionId: 'education', text: 'réponse' } },
  { method: 'POST', path: `/codirs/${id}/meeting`, token: tokens.projectLead, body: { minutes: 'compte rendu', attendees: [], commitments: [] } },
  { method: 'POST', path: `/codirs/${id}/commitments/${id}/done`, token: tokens.projectLead, body: { note: 'fait' } },
  { method: 'GET', path: `/territories/${id}/codir-schedule`, token: tokens.auditor },
  { method: 'GET', path: `/mission-sheets/${id}`, token: tokens.auditor },
  {
    method: 'POST',
    path: `/mission-sheets/${id}/versions`,
    token: tokens.projectLead,
    body: { activityReport: 'a', priorities: 'b', splitOfWork: 'c', complementarity: 'd' },
  },
  { method: 'POST', path: `/mission-sheets/${id}/signature`, token: tokens.projectLead },
  { method: 'POST', path: `/mission-sheets/${id}/copil-decision`, token: tokens.projectLead, body: { adopted: true } },
  { method: 'GET', path: `/copils/${id}`, token: tokens.auditor },
  { method: 'GET', path: `/territories/${id}/copil-seats`, token: tokens.projectLead },
  {
    method: 'POST',
    path: `/copils/${id}/rounds`,
    token: tokens.projectLead,
    body: { college: 'citizens', seats: 2, candidaciesDueAt: '2099-01-01T00:00:00Z' },
  },
  { method: 'POST', path: `/copils/${id}/rounds/r1/candidacies`, token: tokens.association, body: { statement: 'candidate' } },
  { method: 'POST', path: `/copils/${COPIL}/rounds/${id}/candidacies`, token: tokens.association, body: { statement: 'candidate' } },
  { method: 'POST', path: `/copils/${id}/rounds/r1/designations`, token: tokens.projectLead, body: { candidacyId: 'r1-c1', reason: 'élue' } },
  { method: 'POST', path: `/copils/${COPIL}/rounds/${id}/designations`, token: tokens.projectLead, body: { candidacyId: 'r1-c1', reason: 'élue' } },
  { method: 'POST', path: `/copils/${id}/meetings`, token: tokens.projectLead, body: { at: '2099-01-01T00:00:00Z', agenda: ['axes'] } },
  {
    method: 'POST',
    path: `/copils/${COPIL}/meetings/${id}/record`,
    token: tokens.projectLead,
    body: { heldOn: '2020-01-01T00:00:00Z', minutes: 'cr', attendees: [], decisions: [] },
  },
  {
    method: 'PUT',
    path: `/territories/${id}/codir-schedule`,
    token: tokens.projectLead,
    body: {
      month: 1,
      day: 15,
      meetingAfterDays: 45,
      directions: [{ directionId: 'education', sector: 'education', name: 'Éducation', contact: 'e@ville.example' }],
    },
  },
  { method: 'GET', path: `/territories/plaine-commune/annual-reports/${id}`, token: tokens.auditor },
  { method: 'GET', path: `/territories/${id}/annual-reports/2026/pdf`, token: tokens.association },
  { method: 'GET', path: `/territories/plaine-commune/annual-reports/${id}/pdf`, token: tokens.projectLead },
  { method: 'POST', path: `/webhooks/${id}/rotate-secret`, token: tokens.association },
  { method: 'DELETE', path: `/webhooks/${id}`, token: tokens.association },
  { method: 'GET', path: `/webhooks/${id}/deliveries`, token: tokens.association },
  { method: 'POST', path: `/webhooks/${id}/deliveries/${id}/replay`, token: tokens.association },
  { method: 'GET', path: `/accounts/${id}`, token: tokens.admin },
  { method: 'PATCH', path: `/accounts/${id}`, token: tokens.admin, body: { displayName: 'Nom' } },
  { method: 'POST', path: `/accounts/${id}/disable`, token: tokens.admin },
  { method: 'POST', path: `/accounts/${id}/enable`, token: tokens.admin },
  { method: 'DELETE', path: `/me/api-keys/${id}`, token: tokens.association },
];

const validProposal = {
  requestedAmountCents: 100_000,
  members: [{ associationId: 'assoc-francs-moisins', shareCents: 100_000, contribution: { role: 'animation', hours: 10 } }],
  targetPublicPlan: 'plan',
  actionStart: '2027-01-01',
  actionEnd: '2027-12-31',
};

const inAnHour = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const validCall = () => ({
  title: 'Appel',
  themes: ['lien social'],
  territories: ['plaine-commune'],
  targetPublic: 'Habitants',
  budgetCents: 1_000_000,
  fundingPlan: [{ funderId: 'funder-etat-93', amountCents: 1_000_000 }],
  meetupWindow: { startsAt: inAnHour(10), endsAt: inAnHour(20) },
  eoiDeadline: inAnHour(30),
  proposalDeadline: inAnHour(60),
});

const validAgreement = () => ({
  associationId: 'assoc-francs-moisins',
  years: 3,
  yearlyAmountCents: 1_000_000,
  startDate: inAnHour(60),
  fundingPlan: [{ funderId: 'funder-etat-93', amountCents: 1_000_000 }],
  coordination: { mode: 'tokens', tokenValueCents: 8_000, yearlyCapCents: 80_000 },
});

const validTaskForce = () => ({
  territory: 'plaine-commune',
  qpv: 'Francs-Moisins',
  title: 'Halls',
  problem: 'Regroupements dans les halls',
  members: [
    { kind: 'association', organisationId: 'assoc-francs-moisins' },
    { kind: 'association', organisationId: 'assoc-femmes-relais-93' },
    { kind: 'signatory', organisationId: 'funder-caf-93' },
    { kind: 'signatory', organisationId: 'funder-etat-93' },
    { kind: 'service', name: 'Tranquillité publique' },
  ],
});

const validContribution = () => ({
  territory: 'plaine-commune',
  signatoryId: 'funder-etat-93',
  orientation: 'jeunesse',
  year: 2027,
  nature: 'funding',
  amountCents: 1_000_000,
  description: 'Éducateurs de rue',
});

/** A value that is wrong for each field of a contribution. */
const invalidContributionField = fc.oneof(
  fc.record({ field: fc.constant('territory'), value: fc.oneof(fc.constant('nowhere'), fc.constant('est-ensemble'), hostileText, fc.integer()) }),
  fc.record({ field: fc.constant('signatoryId'), value: fc.oneof(fc.constant('funder-nobody'), hostileText, fc.constant(null)) }),
  fc.record({ field: fc.constant('orientation'), value: fc.oneof(fc.constant('bonheur'), fc.constant(''), fc.integer()) }),
  fc.record({ field: fc.constant('year'), value: fc.oneof(fc.constant(1999), fc.constant(2101), fc.constant(2027.5), fc.constant('2027')) }),
  fc.record({ field: fc.constant('nature'), value: fc.oneof(fc.constant('staff'), fc.constant('premises'), fc.constant('gift'), fc.constant(null)) }),
  fc.record({ field: fc.constant('amountCents'), value: fc.oneof(fc.constant(0), fc.constant(-1), fc.constant(1.5), fc.constant('1000'), fc.constant(1e15)) }),
  fc.record({ field: fc.constant('staffCount'), value: fc.oneof(fc.constant(2), fc.constant(0), fc.constant(1001)) }),
  fc.record({ field: fc.constant('description'), value: fc.oneof(fc.constant(''), fc.constant('  '), fc.constant('x'.repeat(2001)), fc.integer()) }),
  fc.record({
    field: fc.constant('coCarriers'),
    value: fc.oneof(fc.constant(['funder-etat-93']), fc.constant(['nobody']), fc.constant('all'), fc.constant([1])),
  }),
  fc.record({ field: fc.constantFrom('__proto__', 'constructor', 'status', 'signatures', 'version'), value: fc.jsonValue() }),
);

/** A value that is wrong for each field of a task force's proposal. */
const invalidTaskForceField = fc.oneof(
  fc.record({ field: fc.constant('territory'), value: fc.oneof(fc.constant('nowhere'), fc.constant('est-ensemble'), hostileText, fc.integer()) }),
  fc.record({
    field: fc.constantFrom('qpv', 'title', 'problem'),
    value: fc.oneof(fc.constant(''), fc.constant('   '), fc.constant('x'.repeat(2001)), fc.integer(), fc.constant(null)),
  }),
  fc.record({ field: fc.constant('durationMonths'), value: fc.oneof(fc.constant(0), fc.constant(7), fc.constant(2.5), fc.constant('6')) }),
  fc.record({
    field: fc.constant('members'),
    value: fc.oneof(
      fc.constant([]),
      fc.constant('all'),
      fc.constant([{ kind: 'association', organisationId: 'assoc-nobody' }, ...validTaskForce().members.slice(1)]),
      fc.constant([{ kind: 'association', organisationId: 'assoc-cite-des-savoirs' }, ...validTaskForce().members.slice(1)]),
      fc.constant([{ kind: 'pilot', name: 'moi' }, ...validTaskForce().members.slice(1)]),
      fc.constant([{ kind: 'service' }, ...validTaskForce().members.slice(1)]),
      fc.constant([{ kind: 'signatory', organisationId: 'funder-caf-93' }, ...validTaskForce().members.slice(1)]),
      fc.constant([...validTaskForce().members, ...validTaskForce().members.slice(0, 3)]),
      fc.array(fc.jsonValue(), { minLength: 5, maxLength: 7 }),
    ),
  }),
  fc.record({ field: fc.constantFrom('__proto__', 'constructor', 'status', 'pilotId', 'policy'), value: fc.jsonValue() }),
);

/** A value that is wrong for each field of an anchoring agreement, or of a coordination meeting. */
const invalidAgreementField = fc.oneof(
  fc.record({
    field: fc.constant('associationId'),
    value: fc.oneof(fc.constant('assoc-nobody'), fc.constant('assoc-cite-des-savoirs'), hostileText, fc.integer()),
  }),
  fc.record({ field: fc.constant('years'), value: fc.oneof(fc.constant(0), fc.constant(5), fc.constant(2.5), fc.constant('3')) }),
  fc.record({ field: fc.constant('yearlyAmountCents'), value: fc.oneof(fc.constant(999_999), fc.constant(0), fc.constant(-5), fc.constant(1.25)) }),
  fc.record({ field: fc.constant('startDate'), value: fc.oneof(fc.constant('2001-01-01'), fc.constant('demain'), fc.integer()) }),
  fc.record({
    field: fc.constant('fundingPlan'),
    value: fc.oneof(fc.constant([]), fc.constant([{ funderId: 'funder-nobody', amountCents: 1_000_000 }]), fc.constant([[1]]), fc.constant({})),
  }),
  fc.record({
    field: fc.constant('coordination'),
    value: fc.oneof(
      fc.constant({ mode: 'flat' }),
      fc.constant({ mode: 'tokens', tokenValueCents: 10_000, yearlyCapCents: 5_000 }),
      fc.constant({ mode: 'barter' }),
      fc.constant([]),
      fc.constant(null),
    ),
  }),
  fc.record({ field: fc.constantFrom('__proto__', 'constructor', 'status', 'territoryId', 'schedule'), value: fc.jsonValue() }),
);

/** A value that is wrong for each field of a call's launch. */
const invalidCallField = fc.oneof(
  fc.record({
    field: fc.constant('title'),
    value: fc.oneof(fc.constant(''), fc.constant('  '), fc.constant('t'.repeat(201)), fc.integer(), fc.constant(null)),
  }),
  fc.record({ field: fc.constant('themes'), value: fc.oneof(fc.constant([]), fc.constant(['']), fc.string(), fc.array(fc.integer(), { minLength: 1 })) }),
  fc.record({ field: fc.constant('territories'), value: fc.oneof(fc.constant([]), fc.constant(['nowhere']), fc.constant(['../x']), fc.string()) }),
  fc.record({
    field: fc.constant('budgetCents'),
    value: fc.oneof(fc.constant(999_999), fc.constant(0), fc.constant(1.5), fc.constant('1000000'), fc.constant(-1)),
  }),
  fc.record({
    field: fc.constant('fundingPlan'),
    value: fc.oneof(
      fc.constant([]),
      fc.constant([{ funderId: 'funder-nobody', amountCents: 1_000_000 }]),
      fc.constant([{ funderId: 'funder-etat-93' }]),
      fc.constant('plan'),
    ),
  }),
  fc.record({
    field: fc.constant('meetupWindow'),
    value: fc.oneof(
      fc.constant({ startsAt: inAnHour(20), endsAt: inAnHour(10) }),
      fc.constant({ startsAt: inAnHour(10), endsAt: inAnHour(40) }),
      fc.constant({}),
      fc.constant('soon'),
    ),
  }),
  fc.record({
    field: fc.constant('eoiDeadline'),
    value: fc.oneof(fc.constant(inAnHour(90)), fc.constant('2001-01-01T00:00:00Z'), fc.constant('tomorrow'), hostileText),
  }),
  fc.record({ field: fc.constant('proposalDeadline'), value: fc.oneof(fc.constant(inAnHour(25)), fc.constant('x'), fc.integer()) }),
  fc.record({
    field: fc.constant('policy'),
    value: fc.oneof(
      fc.constant({ shortlistMax: 0 }),
      fc.constant({ stipendCents: -1 }),
      fc.constant({ minShareRatio: 2 }),
      fc.constant({ unknown: 1 }),
      fc.constant([]),
    ),
  }),
  fc.record({ field: fc.constantFrom('__proto__', 'constructor', 'id', 'phase', 'invited'), value: fc.jsonValue() }),
);

function expectClientError(response: { status: number; body: unknown }, what: string): void {
  if (response.status < 400 || response.status >= 500) {
    throw new Error(`${what} answered ${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`);
  }
  const message = (response.body as { message?: unknown } | undefined)?.message;
  if (!(typeof message === 'string' || Array.isArray(message)) || !String(message).length) {
    throw new Error(`${what} answered ${response.status} without a message: ${JSON.stringify(response.body).slice(0, 300)}`);
  }
}

let before: Record<string, number>;

async function footprint(): Promise<Record<string, number>> {
  return {
    grants: await stack.count('SELECT 1 FROM grants'),
    calls: await stack.count('SELECT 1 FROM calls'),
    meetings: await stack.count('SELECT 1 FROM coordination_meetings'),
    cohorts: await stack.count('SELECT 1 FROM incubation_cohorts'),
    taskForces: await stack.count('SELECT 1 FROM task_forces'),
    contributions: await stack.count('SELECT 1 FROM contributions'),
    referrals: await stack.count('SELECT 1 FROM referrals'),
    codirs: await stack.count('SELECT 1 FROM codirs'),
    missionSheets: await stack.count('SELECT 1 FROM mission_sheets'),
    copils: await stack.count('SELECT 1 FROM copils'),
    webhooks: await stack.count('SELECT 1 FROM webhook_endpoints'),
    preferences: await stack.count('SELECT 1 FROM notification_preferences'),
    events: await stack.count('SELECT 1 FROM grant_events'),
    orders: await stack.count('SELECT 1 FROM payment_orders'),
    keys: await stack.count('SELECT 1 FROM idempotency_keys'),
    apiKeys: await stack.count('SELECT 1 FROM api_keys'),
    invitations: await stack.count(`SELECT 1 FROM accounts WHERE status = 'invited'`),
    workflows: await stack.workflowsStarted(),
  };
}

beforeAll(async () => {
  await stack.start();
  before = await footprint();
});

afterAll(async () => {
  await stack.stop();
});

describe('hostile input never gets a 5xx and changes nothing', () => {
  it('refuses mutated micro-grant requests with 400, naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(invalidField, async ({ field, value }) => {
        const body = JSON.parse(JSON.stringify({ ...validRequest })) as Record<string, unknown>;
        Object.defineProperty(body, field, { value, enumerable: true });
        const response = await stack.request('POST', '/micro-grants', { token: tokens.association(), rawBody: JSON.stringify(body) });
        expectClientError(response, `POST /micro-grants with ${field}=${JSON.stringify(value)?.slice(0, 60)}`);
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('refuses mutated calls for projects with 400, naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(invalidCallField, async ({ field, value }) => {
        const body = JSON.parse(JSON.stringify(validCall())) as Record<string, unknown>;
        Object.defineProperty(body, field, { value, enumerable: true });
        const response = await stack.request('POST', '/calls', { token: tokens.projectLead(), rawBody: JSON.stringify(body) });
        expectClientError(response, `POST /calls with ${field}=${JSON.stringify(value)?.slice(0, 60)}`);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('refuses mutated contributions with 400, naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(invalidContributionField, async ({ field, value }) => {
        const body = JSON.parse(JSON.stringify(validContribution())) as Record<string, unknown>;
        Object.defineProperty(body, field, { value, enumerable: true });
        const response = await stack.request('POST', '/contributions', { token: tokens.projectLead(), rawBody: JSON.stringify(body) });
        expectClientError(response, `POST /contributions with ${field}=${JSON.stringify(value)?.slice(0, 60)}`);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('refuses mutated CODIR openings with 400, naming the field', async () => {
    const direction = { directionId: 'education', sector: 'education', name: 'Éducation', contact: 'e@ville.example' };
    const invalidOpening = fc.oneof(
      fc.record({ field: fc.constant('territory'), value: fc.oneof(fc.constant('est-ensemble'), fc.constant('nowhere'), hostileText, fc.integer()) }),
      fc.record({
        field: fc.constant('year'),
        value: fc.oneof(fc.constant(1999), fc.constant(2101), fc.constant('2027'), fc.constant(2027.5), fc.constant(-1)),
      }),
      fc.record({
        field: fc.constant('meetingAt'),
        value: fc.oneof(
          fc.constant(''),
          fc.constant('demain'),
          fc.constant('2020-01-01T00:00:00Z'),
          fc.constant(new Date().toISOString()),
          fc.integer(),
          hostileText,
        ),
      }),
      fc.record({
        field: fc.constant('directions'),
        value: fc.oneof(
          fc.constant([]),
          fc.constant([{}]),
          fc.constant([direction, direction]),
          fc.constant([{ ...direction, sector: 'bonheur' }]),
          fc.constant([{ ...direction, directionId: 'A B' }]),
          fc.constant([{ ...direction, contact: ' ' }]),
          fc.constant(Array.from({ length: 21 }, (_, i) => ({ ...direction, directionId: `d${i}` }))),
          fc.constant('education'),
          fc.array(hostileText, { minLength: 1, maxLength: 3 }),
        ),
      }),
      fc.record({ field: fc.constantFrom('__proto__', 'constructor', 'status', 'commitments', 'openedBy'), value: fc.jsonValue() }),
    );
    await fc.assert(
      fc.asyncProperty(invalidOpening, async ({ field, value }) => {
        const body = { territory: 'plaine-commune', meetingAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), directions: [direction] } as Record<
          string,
          unknown
        >;
        Object.defineProperty(body, field, { value, enumerable: true });
        const response = await stack.request('POST', '/codirs', { token: tokens.projectLead(), rawBody: JSON.stringify(body) });
        expectClientError(response, `POST /codirs with ${field}=${JSON.stringify(value)?.slice(0, 60)}`);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('refuses mutated mission sheet openings with 400, naming the field', async () => {
    const invalidOpening = fc.oneof(
      fc.record({ field: fc.constant('territory'), value: fc.oneof(fc.constant('est-ensemble'), fc.constant('nowhere'), hostileText, fc.integer()) }),
      fc.record({
        field: fc.constant('year'),
        value: fc.oneof(fc.constant(1999), fc.constant(2101), fc.constant('2027'), fc.constant(2027.5), fc.constant(null)),
      }),
      fc.record({
        field: fc.constant('copilAt'),
        value: fc.oneof(fc.constant(''), fc.constant('demain'), fc.constant('2020-01-01T00:00:00Z'), fc.integer(), hostileText),
      }),
      fc.record({ field: fc.constantFrom('__proto__', 'constructor', 'status', 'versions', 'figures'), value: fc.jsonValue() }),
    );
    await fc.assert(
      fc.asyncProperty(invalidOpening, async ({ field, value }) => {
        const body = { territory: 'plaine-commune', year: 2030, copilAt: new Date(Date.now() + 30 * 86_400_000).toISOString() } as Record<string, unknown>;
        Object.defineProperty(body, field, { value, enumerable: true });
        const response = await stack.request('POST', '/mission-sheets', { token: tokens.projectLead(), rawBody: JSON.stringify(body) });
        expectClientError(response, `POST /mission-sheets with ${field}=${JSON.stringify(value)?.slice(0, 60)}`);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('refuses mutated Copil openings with a 4xx, naming the field', async () => {
    const year = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date()));
    const invalidOpening = fc.oneof(
      fc.record({ field: fc.constant('territory'), value: fc.oneof(fc.constant('est-ensemble'), fc.constant('nowhere'), hostileText, fc.integer()) }),
      fc.record({
        field: fc.constant('year'),
        value: fc.oneof(fc.constant(1999), fc.constant(year + 2), fc.constant(String(year)), fc.constant(year + 0.5), fc.constant(null)),
      }),
      fc.record({ field: fc.constantFrom('__proto__', 'constructor', 'status', 'rounds', 'mandates', 'policy'), value: fc.jsonValue() }),
    );
    await fc.assert(
      fc.asyncProperty(invalidOpening, async ({ field, value }) => {
        const body = { territory: 'plaine-commune', year } as Record<string, unknown>;
        Object.defineProperty(body, field, { value, enumerable: true });
        const response = await stack.request('POST', '/copils', { token: tokens.projectLead(), rawBody: JSON.stringify(body) });
        expectClientError(response, `POST /copils with ${field}=${JSON.stringify(value)?.slice(0, 60)}`);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('refuses mutated needs with 400, naming the field', async () => {
    const invalidNeed = fc.oneof(
      fc.record({ field: fc.constant('territory'), value: fc.oneof(fc.constant('est-ensemble'), fc.constant('nowhere'), hostileText, fc.integer()) }),
      fc.record({ field: fc.constant('orientation'), value: fc.oneof(fc.constant('bonheur'), fc.constant(''), fc.constant(null)) }),
      fc.record({ field: fc.constant('supportKind'), value: fc.oneof(fc.constant('money'), fc.constant(''), fc.integer()) }),
      fc.record({ field: fc.constant('description'), value: fc.oneof(fc.constant(''), fc.constant(' '), fc.constant('x'.repeat(2001)), fc.constant([])) }),
      fc.record({ field: fc.constantFrom('__proto__', 'constructor', 'status', 'routings', 'associationId'), value: fc.jsonValue() }),
    );
    await fc.assert(
      fc.asyncProperty(invalidNeed, async ({ field, value }) => {
        const body = { orientation: 'jeunesse', supportKind: 'premises', description: 'Un local' } as Record<string, unknown>;
        Object.defineProperty(body, field, { value, enumerable: true });
        const response = await stack.request('POST', '/needs', { token: tokens.association(), rawBody: JSON.stringify(body) });
        expectClientError(response, `POST /needs with ${field}=${JSON.stringify(value)?.slice(0, 60)}`);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('refuses mutated task force proposals with 400, naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(invalidTaskForceField, async ({ field, value }) => {
        const body = JSON.parse(JSON.stringify(validTaskForce())) as Record<string, unknown>;
        Object.defineProperty(body, field, { value, enumerable: true });
        const response = await stack.request('POST', '/task-forces', { token: tokens.projectLead(), rawBody: JSON.stringify(body) });
        expectClientError(response, `POST /task-forces with ${field}=${JSON.stringify(value)?.slice(0, 60)}`);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('refuses mutated anchoring agreements and coordination meetings with 400, naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(invalidAgreementField, async ({ field, value }) => {
        const body = JSON.parse(JSON.stringify(validAgreement())) as Record<string, unknown>;
        Object.defineProperty(body, field, { value, enumerable: true });
        const response = await stack.request('POST', '/anchoring-agreements', { token: tokens.projectLead(), rawBody: JSON.stringify(body) });
        expectClientError(response, `POST /anchoring-agreements with ${field}=${JSON.stringify(value)?.slice(0, 60)}`);
      }),
      { numRuns: RUNS * 2 },
    );
    for (const wrong of [
      { url: 'ftp://example.org/x', eventTypes: ['PaymentOrdered'] },
      { url: 'not a url', eventTypes: ['PaymentOrdered'] },
      { url: 'https://example.org/x', eventTypes: [] },
      { url: 'https://example.org/x', eventTypes: ['DropTables'] },
      { url: 'https://example.org/x', eventTypes: 'PaymentOrdered' },
      { url: 'https://example.org/x', eventTypes: ['PaymentOrdered'], orgId: 'assoc-jeunesse-aubervilliers' },
    ]) {
      const response = await stack.request('POST', '/webhooks', { token: tokens.association(), body: wrong });
      expectClientError(response, `POST /webhooks with ${JSON.stringify(wrong)}`);
    }
    for (const wrong of [{ channels: 'pigeon', dailyDigest: false }, { channels: 'both', dailyDigest: 'yes' }, { channels: 'both' }, {}]) {
      const response = await stack.request('PUT', '/me/preferences', { token: tokens.association(), body: wrong });
      expectClientError(response, `PUT /me/preferences with ${JSON.stringify(wrong)}`);
    }
    const meeting = { territory: 'plaine-commune', date: new Date().toISOString(), topic: 'Copil', attendeeAssociationIds: ['assoc-francs-moisins'] };
    for (const wrong of [
      { territory: 'nowhere' },
      { date: inAnHour(600) },
      { date: 'hier' },
      { topic: ' ' },
      { attendeeAssociationIds: [] },
      { attendeeAssociationIds: ['assoc-nobody'] },
      { attendeeAssociationIds: 'assoc-francs-moisins' },
      { extra: true },
    ]) {
      const response = await stack.request('POST', '/coordination-meetings', { token: tokens.projectLead(), body: { ...meeting, ...wrong } });
      expectClientError(response, `POST /coordination-meetings with ${JSON.stringify(wrong)}`);
    }
  });

  it('refuses bad invitations, account changes and API key requests with 400, creating nothing', async () => {
    const invitation = { email: 'personne@asso-exemple.fr', role: 'association', organisationId: 'assoc-francs-moisins' };
    for (const wrong of [
      { email: 'not an e-mail' },
      { email: 42 },
      { role: 'king' },
      { organisationId: undefined },
      { organisationId: 'assoc-nobody' },
      { role: 'funder' },
      { role: 'project_lead', organisationId: undefined },
      { role: 'project_lead', organisationId: undefined, territoryId: 'nowhere' },
      { role: 'auditor' },
      { displayName: 'x'.repeat(201) },
      { extra: true },
    ]) {
      const response = await stack.request('POST', '/accounts/invitations', { token: tokens.admin(), body: { ...invitation, ...wrong } });
      expectClientError(response, `POST /accounts/invitations with ${JSON.stringify(wrong)}`);
      expect(response.status).toBe(400);
    }
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            role: fc.oneof(fc.constantFrom('admin', 'funder', 'association', 'project_lead'), hostileText),
            organisationId: fc.oneof(fc.constant(null), hostileText),
            territoryId: fc.oneof(fc.constant(null), hostileText),
          },
          { requiredKeys: [] },
        ),
        async (change) => {
          const response = await stack.request('PATCH', '/accounts/user-assoc-francs-moisins', { token: tokens.admin(), body: change });
          if (response.status === 200) {
            // Only a change that fits the directory passes: the demo account keeps its authority.
            await stack.request('PATCH', '/accounts/user-assoc-francs-moisins', {
              token: tokens.admin(),
              body: { role: 'association', organisationId: 'assoc-francs-moisins', territoryId: null },
            });
            return;
          }
          expectClientError(response, `PATCH /accounts with ${JSON.stringify(change).slice(0, 80)}`);
        },
      ),
      { numRuns: RUNS },
    );
    for (const wrong of [
      { name: '', scope: 'read' },
      { name: 'k', scope: 'admin' },
      { name: 'k', scope: 'read', expiresInDays: 0 },
      { name: 'k', scope: 'read', expiresInDays: 366 },
      { name: 'k' },
      { name: 'k', scope: 'read', expiresInDays: 'never' },
    ]) {
      const response = await stack.request('POST', '/me/api-keys', { token: tokens.association(), body: wrong });
      expect({ wrong, status: response.status }).toEqual({ wrong, status: 400 });
    }
  });

  it('refuses any JSON that is not a request, and bodies that are not JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.string({ maxLength: 500 }),
        ),
        async (raw) => {
          const response = await stack.request('POST', '/micro-grants', { token: tokens.association(), rawBody: raw });
          expectClientError(response, `POST /micro-grants with body ${raw.slice(0, 60)}`);
        },
      ),
      { numRuns: RUNS },
    );
    const oversized = await stack.request('POST', '/micro-grants', { token: tokens.association(), body: { ...validRequest, purpose: 'x'.repeat(300_000) } });
    expect(oversized.status).toBe(413);
    const xml = await stack.request('POST', '/micro-grants', {
      token: tokens.association(),
      rawBody: '<grant/>',
      headers: { 'content-type': 'application/xml' },
    });
    expectClientError(xml, 'POST /micro-grants as XML');
  });

  it('answers 4xx to hostile ids on every endpoint that takes one', async () => {
    await fc.assert(
      // "." and ".." are dot segments: every HTTP client removes them before sending (GET /calls/. is GET /calls/).
      fc.asyncProperty(
        hostileText.filter((t) => t.length > 0 && t !== '.' && t !== '..'),
        async (raw) => {
          const id = encodeURIComponent(raw);
          for (const endpoint of endpoints(id)) {
            const response = await stack.request(endpoint.method, endpoint.path.slice(0, 8000), { token: endpoint.token(), body: endpoint.body });
            expectClientError(response, `${endpoint.method} ${endpoint.path.slice(0, 80)}`);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('answers 4xx to hostile query strings on every list', async () => {
    const key = fc.oneof(
      fc.constantFrom('page', 'pageSize', 'status', 'kind', 'territory', 'associationId', 'format', 'unread', 'theme'),
      fc.string({ minLength: 1, maxLength: 20 }),
    );
    const invalid = fc.oneof(
      fc.constantFrom('-1', '0', '1e9', 'abc', "'; DROP TABLE grants; --", '', '[]', 'x'.repeat(300)),
      fc.string({ minLength: 1, maxLength: 50 }).map((s) => `~${s}`),
    );
    await fc.assert(
      fc.asyncProperty(key, invalid, async (k, v) => {
        const query = `${encodeURIComponent(k)}=${encodeURIComponent(v)}`;
        for (const path of [
          '/grants',
          '/grants/export',
          '/associations',
          '/me/notifications',
          '/audit/reads',
          '/calls',
          '/task-forces',
          '/contributions',
          '/needs',
          '/codirs',
          '/mission-sheets',
          '/copils',
        ]) {
          const response = await stack.request('GET', `${path}?${query}`, { token: tokens.auditor() });
          if (response.status === 200) continue; // e.g. a theme nobody has: an empty, valid answer
          expectClientError(response, `GET ${path}?${query.slice(0, 80)}`);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('answers 401 to hostile Authorization headers and 400 to hostile Idempotency-Keys on every keyed start', async () => {
    const headerSafe = fc.string({ maxLength: 400 }).map((s) => s.replace(/[^\x20-\x7e]/g, '?'));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          headerSafe,
          headerSafe.map((s) => `Bearer ${s}`),
          fc.constant('Bearer eyJhbGciOiJub25lIn0.eyJyb2xlIjoiYWRtaW4ifQ.'),
        ),
        async (authorization) => {
          const response = await stack.request('GET', '/grants', { headers: { authorization } });
          expect(response.status).toBe(401);
          expectClientError(response, `Authorization: ${authorization.slice(0, 40)}`);
        },
      ),
      { numRuns: RUNS },
    );
    const invalidKey = fc.oneof(
      fc.string({ minLength: 201, maxLength: 400 }).map((s) => s.replace(/[^\x21-\x7e]/g, 'k')),
      fc.string({ maxLength: 50 }).map((s) => `with space ${s.replace(/[^\x20-\x7e]/g, '')}`),
    );
    await fc.assert(
      fc.asyncProperty(invalidKey, fc.constantFrom('/micro-grants', '/calls', '/anchoring-agreements', '/task-forces', '/contributions'), async (key, path) => {
        // A valid body each time: only the key is wrong, and nothing may start.
        const [token, body] =
          path === '/micro-grants'
            ? [tokens.association(), validRequest]
            : path === '/calls'
              ? [tokens.projectLead(), validCall()]
              : path === '/task-forces'
                ? [tokens.projectLead(), validTaskForce()]
                : path === '/contributions'
                  ? [tokens.projectLead(), validContribution()]
                  : [tokens.projectLead(), validAgreement()];
        const response = await stack.request('POST', path, { token, body, headers: { 'Idempotency-Key': key } });
        expect(response.status).toBe(400);
        expect(response.body.message).toMatch(/Idempotency-Key must be 1 to 200 visible ASCII characters/);
      }),
      { numRuns: RUNS },
    );
  });

  it('started no workflow and wrote no row', async () => {
    await new Promise((r) => setTimeout(r, 1500)); // visibility is eventually consistent
    expect(await footprint()).toEqual(before);
  });
});
