import { accountScopeProblem } from '@grants/domain';
import { safeReturnTo } from '../../apps/api/src/auth/return-to';

describe('where a sign-in returns', () => {
  it('keeps a path of this platform, with its query and fragment', () => {
    expect(safeReturnTo('/app/micro-grants/mg-1?tab=timeline#decisions')).toBe('/app/micro-grants/mg-1?tab=timeline#decisions');
    expect(safeReturnTo('/app/')).toBe('/app/');
  });

  it('sends anything pointing elsewhere to the home page', () => {
    for (const value of [
      'https://evil.example/',
      '//evil.example',
      '/\\\\evil.example',
      '\\\\evil',
      'javascript:alert(1)',
      'app/x',
      '/a b',
      '',
      undefined,
      42,
      '/'.padEnd(3000, 'x'),
    ]) {
      expect(safeReturnTo(value)).toBe('/app/');
    }
  });
});

describe('an account scope', () => {
  it('asks an organisation of associations and funders, a territory of the binôme, neither of the others', () => {
    expect(accountScopeProblem('association', { orgId: 'assoc-x' })).toBeNull();
    expect(accountScopeProblem('funder', {})).toMatch(/needs an organisation/);
    expect(accountScopeProblem('project_lead', { territoryId: 'est-ensemble' })).toBeNull();
    expect(accountScopeProblem('prefect_delegate', { orgId: 'assoc-x', territoryId: 'est-ensemble' })).toMatch(/has no organisation/);
    expect(accountScopeProblem('auditor', { territoryId: 'est-ensemble' })).toMatch(/has no territory/);
    expect(accountScopeProblem('admin', {})).toBeNull();
  });
});
