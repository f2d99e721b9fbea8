import { DataSource } from 'typeorm';
import { DomainError, Principal, readProblem } from '../../../../libs/domain/src';
import { CallEntity, GrantEntity } from '../../../../libs/persistence/src';

/** The grant's read-model row, if this principal may see it; 404 otherwise (another association's grant too). */
export async function visibleGrant(dataSource: DataSource, principal: Principal, grantId: string): Promise<GrantEntity> {
  const grant = (await dataSource.getRepository(GrantEntity).findOneBy({ id: grantId })) ?? (await callAsGrant(dataSource, grantId));
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
