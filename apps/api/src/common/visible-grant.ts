import { DataSource } from 'typeorm';
import { DomainError, Principal, isCodirId, isContributionId, isCopilId, isMissionSheetId, isReferralId, isTaskForceId, readProblem } from '@grants/domain';
import {
  CallEntity,
  CodirRepository,
  CopilRepository,
  MissionSheetRepository,
  ContributionRepository,
  GrantEntity,
  ReferralRepository,
  TaskForceRepository,
} from '@grants/persistence';

/** The grant's read-model row, if this principal may see it; 404 otherwise (another association's grant too). */
export async function visibleGrant(dataSource: DataSource, principal: Principal, grantId: string): Promise<GrantEntity> {
  const grant =
    (await dataSource.getRepository(GrantEntity).findOneBy({ id: grantId })) ??
    (await callAsGrant(dataSource, grantId)) ??
    (await moduleStreamAsGrant(dataSource, grantId));
  if (!grant) throw new DomainError('not_found', `no grant ${grantId}`);
  const problem = readProblem(principal, grant);
  if (problem) throw problem;
  return grant;
}

/**
 * A call's own stream (launch, meetups, consortia, shortlist, awards) is audited like a grant's: its
 * managers (project leads of its territories, its funders), auditors and admins see it.
 */
async function callAsGrant(dataSource: DataSource, callId: string): Promise<GrantEntity | null> {
  const call = await dataSource.getRepository(CallEntity).findOneBy({ id: callId });
  if (!call) return null;
  return Object.assign(new GrantEntity(), {
    id: call.id,
    kind: 'call',
    status: call.phase,
    title: call.title,
    associationId: '',
    territoryId: call.territories[0],
    binomeId: null,
    amountCents: call.budgetCents,
    funderIds: call.funderIds,
    memberIds: [],
    paymentOrderId: null,
    reportDueAt: null,
    createdAt: call.createdAt,
    updatedAt: call.updatedAt,
    lastSeq: call.lastSeq,
  });
}

/** What a module path's stream shows the audit: its scope for the access rules, and its row's dates. */
type StreamScope = Pick<
  GrantEntity,
  'id' | 'kind' | 'status' | 'title' | 'associationId' | 'territoryId' | 'amountCents' | 'funderIds' | 'memberIds' | 'lastSeq'
> & { createdAt: string; updatedAt: string };

/**
 * The streams of the governance paths (task forces, contributions, routed needs, CODIRs, mission sheets, Copils) are audited like a
 * grant's, each under the access rules of a grant with the same parties; the id's prefix names the path.
 */
async function moduleStreamAsGrant(dataSource: DataSource, id: string): Promise<GrantEntity | null> {
  let scope: StreamScope | null = null;
  if (isTaskForceId(id)) {
    const s = await new TaskForceRepository(dataSource).state(id);
    const orgs = (kind: string) => s?.members.flatMap((m) => (m.kind === kind && m.organisationId ? [m.organisationId] : [])) ?? [];
    // Its territory's binôme, the organisations invited (associations as members, signatories as funders).
    if (s)
      scope = {
        id,
        kind: 'task_force',
        status: s.status,
        title: s.title,
        associationId: '',
        territoryId: s.territoryId,
        amountCents: 0,
        funderIds: orgs('signatory'),
        memberIds: orgs('association'),
        lastSeq: s.lastSeq,
        createdAt: s.proposedAt,
        updatedAt: s.updatedAt,
      };
  } else if (isContributionId(id)) {
    const s = await new ContributionRepository(dataSource).state(id);
    // Its territory's binôme and its signatory.
    if (s)
      scope = {
        id,
        kind: 'contribution',
        status: s.status,
        title: `${s.terms.signatoryId} ${s.terms.orientation} ${s.terms.year}`,
        associationId: '',
        territoryId: s.terms.territoryId,
        amountCents: s.terms.amountCents ?? 0,
        funderIds: [s.terms.signatoryId],
        memberIds: [],
        lastSeq: s.lastSeq,
        createdAt: s.createdAt,
        updatedAt: s.updatedAt,
      };
  } else if (isReferralId(id)) {
    const s = await new ReferralRepository(dataSource).state(id);
    // Its association, its territory's binôme, the signatories it was routed to.
    if (s)
      scope = {
        id,
        kind: 'referral',
        status: s.status,
        title: s.need.description.slice(0, 120),
        associationId: s.need.associationId,
        territoryId: s.need.territoryId,
        amountCents: 0,
        funderIds: [...new Set(s.routings.map((r) => r.signatoryId))],
        memberIds: [],
        lastSeq: s.lastSeq,
        createdAt: s.createdAt,
        updatedAt: s.updatedAt,
      };
  } else if (isCodirId(id)) {
    const s = await new CodirRepository(dataSource).state(id);
    // Its territory's binôme only (the local authority's own meeting).
    if (s)
      scope = {
        id,
        kind: 'codir',
        status: s.status,
        title: `CODIR QPV ${s.year}`,
        associationId: '',
        territoryId: s.territoryId,
        amountCents: 0,
        funderIds: [],
        memberIds: [],
        lastSeq: s.lastSeq,
        createdAt: s.createdAt,
        updatedAt: s.updatedAt,
      };
  } else if (isMissionSheetId(id)) {
    const s = await new MissionSheetRepository(dataSource).state(id);
    // Its territory's binôme (the associations read the adopted sheet on its own page, not its history).
    if (s)
      scope = {
        id,
        kind: 'mission_sheet',
        status: s.status,
        title: `Feuille de mission ${s.year}`,
        associationId: '',
        territoryId: s.territoryId,
        amountCents: 0,
        funderIds: [],
        memberIds: [],
        lastSeq: s.lastSeq,
        createdAt: s.createdAt,
        updatedAt: s.updatedAt,
      };
  } else if (isCopilId(id)) {
    const s = await new CopilRepository(dataSource).state(id);
    // Its territory's binôme (associations read the Copil on its own page, not its history).
    if (s)
      scope = {
        id,
        kind: 'copil',
        status: s.status,
        title: `Copil ${s.year}`,
        associationId: '',
        territoryId: s.territoryId,
        amountCents: 0,
        funderIds: [],
        memberIds: [],
        lastSeq: s.lastSeq,
        createdAt: s.createdAt,
        updatedAt: s.updatedAt,
      };
  }
  if (!scope) return null;
  return Object.assign(new GrantEntity(), {
    ...scope,
    binomeId: null,
    paymentOrderId: null,
    reportDueAt: null,
    createdAt: new Date(scope.createdAt),
    updatedAt: new Date(scope.updatedAt),
  });
}
