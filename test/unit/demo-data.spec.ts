import { isValidSiret } from '@grants/domain';
import { ACCOUNTS, ASSOCIATIONS, BINOMES, FUNDERS, TERRITORIES } from '@grants/persistence/seed/demo-data';

describe('the demo directory of Seine-Saint-Denis', () => {
  it('has the four territories and one binôme each', () => {
    expect(TERRITORIES.map((t) => t.id)).toEqual(['plaine-commune', 'paris-terres-d-envol', 'est-ensemble', 'grand-paris-grand-est']);
    expect(BINOMES.map((b) => b.id)).toEqual(TERRITORIES.map((t) => `binome-${t.id}`));
  });

  it('has about ten associations, each with a valid SIRET, themes and known territories', () => {
    expect(ASSOCIATIONS.length).toBeGreaterThanOrEqual(10);
    const territoryIds = new Set<string>(TERRITORIES.map((t) => t.id));
    for (const association of ASSOCIATIONS) {
      expect(isValidSiret(association.siret)).toBe(true);
      expect(association.themes.length).toBeGreaterThan(0);
      for (const territory of association.territories) expect(territoryIds.has(territory)).toBe(true);
    }
    expect(new Set(ASSOCIATIONS.map((a) => a.siret)).size).toBe(ASSOCIATIONS.length);
    expect(ASSOCIATIONS.some((a) => a.proximity === 'local')).toBe(true);
    expect(ASSOCIATIONS.some((a) => a.proximity === 'national')).toBe(true);
  });

  it('has funders with a valid SIRET each (the attribuant of their open data)', () => {
    for (const funder of FUNDERS) expect([funder.id, isValidSiret(funder.siret)]).toEqual([funder.id, true]);
    expect(new Set(FUNDERS.map((f) => f.siret)).size).toBe(FUNDERS.length);
  });

  it('has both binôme members in every territory', () => {
    for (const t of TERRITORIES) {
      expect(
        ACCOUNTS.filter((a) => a.territoryId === t.id)
          .map((a) => a.role)
          .sort(),
      ).toEqual(['prefect_delegate', 'project_lead']);
    }
  });
});
