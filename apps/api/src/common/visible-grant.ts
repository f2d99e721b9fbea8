import { DataSource } from 'typeorm';
import { ContributionState, DomainError, Principal, ReferralState, TaskForceState, readProblem } from '../../../../libs/domain/src';
import { CallEntity, GrantEntity } from '../../../../libs/persistence/src';

/** The grant's read-model row, if this principal may see it; 404 otherwise (another association's grant too). */
export async function visibleGrant(dataSource: DataSource, principal: Principal, grantId: string): Promise<GrantEntity> {
  const grant = (await dataSource.getRepository(GrantEntity).findOneBy({ id: grantId })) ?? (await callAsGrant(dataSource, grantId)) ?? (await taskForceAsGrant(dataSource, grantId)) ?? (await contributionAsGrant(dataSource, grantId)) ?? (await referralAsGrant(dataSource, grantId));
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

/**
 * A task force's stream is audited like a grant's: its territory's binôme, the organisations invited
 * to it (associations as members, signatories as funders), auditors and admins see it.
 */
async function taskForceAsGrant(dataSource: DataSource, id: string): Promise<GrantEntity | null> {
  const [row]: { state: TaskForceState }[] = await dataSource.query('SELECT state FROM task_forces WHERE id = $1', [id]);
  if (!row) return null;
  const { state } = row;
  const orgs = (kind: string) => state.members.flatMap((m) => (m.kind === kind && m.organisationId ? [m.organisationId] : []));
  return Object.assign(new GrantEntity(), {
    id: state.id,
    kind: 'task_force',
    status: state.status,
    title: state.title,
    associationId: '',
    territoryId: state.territoryId,
    binomeId: null,
    amountCents: 0,
    funderIds: orgs('signatory'),
    memberIds: orgs('association'),
    paymentOrderId: null,
    reportDueAt: null,
    createdAt: new Date(state.proposedAt),
    updatedAt: new Date(state.updatedAt),
    lastSeq: state.lastSeq,
  });
}

/** A contribution's stream is audited like a grant's: its territory's binôme, its signatory, auditors and admins. */
async function contributionAsGrant(dataSource: DataSource, id: string): Promise<GrantEntity | null> {
  const [row]: { state: ContributionState }[] = await dataSource.query('SELECT state FROM contributions WHERE id = $1', [id]);
  if (!row) return null;
  const { state } = row;
  return Object.assign(new GrantEntity(), {
    id: state.id,
    kind: 'contribution',
    status: state.status,
    title: `${state.terms.signatoryId} ${state.terms.orientation} ${state.terms.year}`,
    associationId: '',
    territoryId: state.terms.territoryId,
    binomeId: null,
    amountCents: state.terms.amountCents ?? 0,
    funderIds: [state.terms.signatoryId],
    memberIds: [],
    paymentOrderId: null,
    reportDueAt: null,
    createdAt: new Date(state.createdAt),
    updatedAt: new Date(state.updatedAt),
    lastSeq: state.lastSeq,
  });
}

/** A routed need's stream is audited like a grant's: its association, its territory's binôme, the signatories it was routed to. */
async function referralAsGrant(dataSource: DataSource, id: string): Promise<GrantEntity | null> {
  const [row]: { state: ReferralState }[] = await dataSource.query('SELECT state FROM referrals WHERE id = $1', [id]);
  if (!row) return null;
  const { state } = row;
  return Object.assign(new GrantEntity(), {
    id: state.id,
    kind: 'referral',
    status: state.status,
    title: state.need.description.slice(0, 120),
    associationId: state.need.associationId,
    territoryId: state.need.territoryId,
    binomeId: null,
    amountCents: 0,
    funderIds: [...new Set(state.routings.map((r) => r.signatoryId))],
    memberIds: [],
    paymentOrderId: null,
    reportDueAt: null,
    createdAt: new Date(state.createdAt),
    updatedAt: new Date(state.updatedAt),
    lastSeq: state.lastSeq,
  });
}
