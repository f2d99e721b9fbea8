import { Principal, decideProblem, isValidSiret, principalProblem, readProblem, reportAccessProblem } from '@grants/domain';

const grant = { id: 'mg-1', associationId: 'assoc-a', territoryId: 'plaine-commune' };
const as = (role: Principal['role'], extra: Partial<Principal> = {}): Principal => ({ sub: `${role}-1`, role, ...extra });

describe('who sees and acts on a grant', () => {
  it('lets an association see its own grants, and hides the others (404)', () => {
    expect(readProblem(as('association', { org: 'assoc-a' }), grant)).toBeNull();
    expect(readProblem(as('association', { org: 'assoc-b' }), grant)?.code).toBe('not_found');
  });

  it('lets auditors and admins read everything', () => {
    expect(readProblem(as('auditor'), grant)).toBeNull();
    expect(readProblem(as('admin'), grant)).toBeNull();
  });

  it("lets the binôme see and decide in its own territory only (another territory's grant does not exist for it: 404)", () => {
    expect(decideProblem(as('project_lead', { territory: 'plaine-commune' }), grant)).toBeNull();
    expect(decideProblem(as('prefect_delegate', { territory: 'est-ensemble' }), grant)?.code).toBe('not_found');
    expect(readProblem(as('project_lead', { territory: 'est-ensemble' }), grant)?.code).toBe('not_found');
  });

  it('refuses decisions from an auditor (403) and hides the grant from another association (404)', () => {
    expect(decideProblem(as('auditor'), grant)?.code).toBe('forbidden');
    expect(decideProblem(as('association', { org: 'assoc-b' }), grant)?.code).toBe('not_found');
  });

  it('lets only the requesting association report', () => {
    expect(reportAccessProblem(as('association', { org: 'assoc-a' }), grant)).toBeNull();
    expect(reportAccessProblem(as('association', { org: 'assoc-b' }), grant)?.code).toBe('not_found');
    expect(reportAccessProblem(as('auditor'), grant)?.code).toBe('forbidden');
  });
});

describe('token claims', () => {
  it('needs an organisation for association and funder, a territory for the binôme', () => {
    expect(principalProblem({ sub: 'x', role: 'association' })).toMatch(/organisation/);
    expect(principalProblem({ sub: 'x', role: 'funder' })).toMatch(/organisation/);
    expect(principalProblem({ sub: 'x', role: 'project_lead' })).toMatch(/territory/);
    expect(principalProblem({ sub: 'x', role: 'auditor' })).toBeNull();
    expect(principalProblem({ sub: 'x', role: 'mayor' as never })).toMatch(/unknown role/);
  });
});

describe('SIRET numbers', () => {
  it('accepts 14 digits with a valid Luhn checksum', () => {
    expect(isValidSiret('73282932000074')).toBe(true);
  });

  it('refuses a wrong checksum, a wrong length or letters', () => {
    expect(isValidSiret('73282932000075')).toBe(false);
    expect(isValidSiret('7328293200007')).toBe(false);
    expect(isValidSiret('7328293200007A')).toBe(false);
  });
});
