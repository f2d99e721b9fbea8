import { DataSource } from 'typeorm';
import { DomainError, Principal, readProblem } from '../../../../libs/domain/src';
import { GrantEntity } from '../../../../libs/persistence/src';

/** The grant's read-model row, if this principal may see it; 404 otherwise (another association's grant too). */
export async function visibleGrant(dataSource: DataSource, principal: Principal, grantId: string): Promise<GrantEntity> {
  const grant = await dataSource.getRepository(GrantEntity).findOneBy({ id: grantId });
  if (!grant) throw new DomainError('not_found', `no grant ${grantId}`);
  const problem = readProblem(principal, grant);
  if (problem) throw problem;
  return grant;
}
