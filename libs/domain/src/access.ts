import { DomainError } from './errors';
import { Principal } from './roles';

/** What the access rules need to know of a grant. */
export interface GrantScope {
  id: string;
  associationId: string;
  territoryId: string;
  funderIds?: readonly string[];
  /** Every association the grant funds (a consortium's members). */
  memberIds?: readonly string[];
}

/** A stream an auditor may ask about (a grant's, a call's, a governance process's): its scope for the access rules and how many events it holds. */
export interface AuditedStream extends GrantScope {
  lastSeq: number;
}

function hidden(grant: GrantScope): DomainError {
  return new DomainError('not_found', `no grant ${grant.id}`);
}

/**
 * May this principal see this grant? An association sees its own files only, and another
 * association's grant does not exist for it (404); a binôme member sees its territory's grants (another
 * territory's do not exist for it either);
 * a funder the grants it funds; auditors and admins everything.
 */
export function readProblem(principal: Principal, grant: GrantScope): DomainError | null {
  switch (principal.role) {
    case 'admin':
    case 'auditor':
      return null;
    case 'association':
      return principal.org === grant.associationId || (principal.org && grant.memberIds?.includes(principal.org)) ? null : hidden(grant);
    case 'funder':
      return principal.org && grant.funderIds?.includes(principal.org) ? null : hidden(grant);
    case 'project_lead':
    case 'prefect_delegate':
      // Another territory's grant does not exist for this binôme (404, as for an association).
      return principal.territory === grant.territoryId ? null : hidden(grant);
    default: {
      const never: never = principal.role;
      throw new Error(`unknown role ${String(never)}`);
    }
  }
}

/** May this principal decide on this micro-grant as a member of its territory's binôme? */
export function decideProblem(principal: Principal, grant: GrantScope): DomainError | null {
  if (principal.role !== 'project_lead' && principal.role !== 'prefect_delegate') {
    const readable = readProblem(principal, grant);
    if (readable?.code === 'not_found') return readable;
    return new DomainError('forbidden', `only the binôme (project_lead, prefect_delegate) decides; you are ${principal.role}`);
  }
  return readProblem(principal, grant);
}

/** May this principal report on this grant? Only the association that requested it. */
export function reportAccessProblem(principal: Principal, grant: GrantScope): DomainError | null {
  const readable = readProblem(principal, grant);
  if (readable) return readable;
  if (principal.role !== 'association') {
    return new DomainError('forbidden', `only the requesting association reports; you are ${principal.role}`);
  }
  return null;
}
