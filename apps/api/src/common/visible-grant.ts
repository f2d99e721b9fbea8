import { DataSource } from 'typeorm';
import {
  AuditedStream,
  DomainError,
  Principal,
  isCodirId,
  isContributionId,
  isCopilId,
  isMissionSheetId,
  isReferralId,
  isTaskForceId,
  readProblem,
} from '@grants/domain';
import {
  CodirRepository,
  CopilRepository,
  MissionSheetRepository,
  ContributionRepository,
  ReferralRepository,
  TaskForceRepository,
  loadCallView,
  loadGrantView,
} from '@grants/persistence';

/** The grant's (or a call's, or a governance process's) scope, if this principal may see it; 404 otherwise (another association's grant too). */
export async function visibleGrant(dataSource: DataSource, principal: Principal, grantId: string): Promise<AuditedStream> {
  const grant =
    (await loadGrantView(dataSource.manager, grantId)) ?? (await callAsGrant(dataSource, grantId)) ?? (await moduleStreamAsGrant(dataSource, grantId));
  if (!grant) throw new DomainError('not_found', `no grant ${grantId}`);
  const problem = readProblem(principal, grant);
  if (problem) throw problem;
  return grant;
}

/**
 * A call's own stream (launch, meetups, consortia, shortlist, awards) is audited like a grant's: its
 * managers (project leads of its territories, its funders), auditors and admins see it.
 */
async function callAsGrant(dataSource: DataSource, callId: string): Promise<AuditedStream | null> {
  const call = await loadCallView(dataSource.manager, callId);
  if (!call) return null;
  return { id: call.id, associationId: '', territoryId: call.territories[0], funderIds: call.funderIds, memberIds: [], lastSeq: call.lastSeq };
}

/**
 * The streams of the governance paths (task forces, contributions, routed needs, CODIRs, mission sheets, Copils) are audited like a
 * grant's, each under the access rules of a grant with the same parties; the id's prefix names the path.
 */
async function moduleStreamAsGrant(dataSource: DataSource, id: string): Promise<AuditedStream | null> {
  let scope: AuditedStream | null = null;
  if (isTaskForceId(id)) {
    const s = await new TaskForceRepository(dataSource).state(id);
    const orgs = (kind: string) => s?.members.flatMap((m) => (m.kind === kind && m.organisationId ? [m.organisationId] : [])) ?? [];
    // Its territory's binôme, the organisations invited (associations as members, signatories as funders).
    if (s)
      scope = {
        id,
        associationId: '',
        territoryId: s.territoryId,
        funderIds: orgs('signatory'),
        memberIds: orgs('association'),
        lastSeq: s.lastSeq,
      };
  } else if (isContributionId(id)) {
    const s = await new ContributionRepository(dataSource).state(id);
    // Its territory's binôme and its signatory.
    if (s)
      scope = {
        id,
        associationId: '',
        territoryId: s.terms.territoryId,
        funderIds: [s.terms.signatoryId],
        memberIds: [],
        lastSeq: s.lastSeq,
      };
  } else if (isReferralId(id)) {
    const s = await new ReferralRepository(dataSource).state(id);
    // Its association, its territory's binôme, the signatories it was routed to.
    if (s)
      scope = {
        id,
        associationId: s.need.associationId,
        territoryId: s.need.territoryId,
        funderIds: [...new Set(s.routings.map((r) => r.signatoryId))],
        memberIds: [],
        lastSeq: s.lastSeq,
      };
  } else if (isCodirId(id)) {
    const s = await new CodirRepository(dataSource).state(id);
    // Its territory's binôme only (the local authority's own meeting).
    if (s)
      scope = {
        id,
        associationId: '',
        territoryId: s.territoryId,
        funderIds: [],
        memberIds: [],
        lastSeq: s.lastSeq,
      };
  } else if (isMissionSheetId(id)) {
    const s = await new MissionSheetRepository(dataSource).state(id);
    // Its territory's binôme (the associations read the adopted sheet on its own page, not its history).
    if (s)
      scope = {
        id,
        associationId: '',
        territoryId: s.territoryId,
        funderIds: [],
        memberIds: [],
        lastSeq: s.lastSeq,
      };
  } else if (isCopilId(id)) {
    const s = await new CopilRepository(dataSource).state(id);
    // Its territory's binôme (associations read the Copil on its own page, not its history).
    if (s)
      scope = {
        id,
        associationId: '',
        territoryId: s.territoryId,
        funderIds: [],
        memberIds: [],
        lastSeq: s.lastSeq,
      };
  }
  return scope;
}
