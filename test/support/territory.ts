import { createHash } from 'node:crypto';
import { isValidSiret } from '@grants/domain';
import type { TestStack } from './stack';

/** A SIRET with a valid check digit (Luhn), from a seed. */
export function siretFrom(seed: string): string {
  const base = BigInt(`0x${createHash('sha256').update(seed).digest('hex').slice(0, 15)}`)
    .toString()
    .padStart(13, '0')
    .slice(-13);
  for (let check = 0; check < 10; check++) if (isValidSiret(base + check)) return base + check;
  throw new Error('no SIRET');
}

export interface Territory {
  id: string;
  binomeId: string;
  lead: string;
  delegate: string;
  associations: { id: string; name: string; email: string }[];
}

/**
 * A territory of the suite's own (as an admin would configure one): its binôme with a full 30,000 €
 * envelope and a 3,000 € ceiling, two associations acting there, and the accounts of its people with
 * their e-mails (they sign in through the provider with them). Other suites' requests never eat its
 * envelope.
 */
export async function ownTerritory(stack: TestStack, id: string): Promise<Territory> {
  const domain = `${id}.test.grants.local`;
  const associations = [1, 2].map((n) => ({ id: `assoc-${id}-${n}`, name: `Association ${n} du ${id}`, email: `contact${n}@${domain}` }));
  await stack.db.transaction(async (em) => {
    await em.query(`INSERT INTO territories (id, name, department) VALUES ($1, $2, '93') ON CONFLICT (id) DO NOTHING`, [id, `Territoire ${id}`]);
    await em.query(`INSERT INTO binomes (id, territory_id, envelope_total_cents, ceiling_cents) VALUES ($1, $2, 3000000, 300000) ON CONFLICT (id) DO NOTHING`, [
      `binome-${id}`,
      id,
    ]);
    for (const a of associations) {
      await em.query(
        `INSERT INTO associations (id, name, siret, themes, territories, proximity) VALUES ($1, $2, $3, $4, $5, 'local') ON CONFLICT (id) DO NOTHING`,
        [a.id, a.name, siretFrom(a.id), ['lien social'], [id]],
      );
      await em.query(`INSERT INTO accounts (id, role, org_id, display_name, email) VALUES ($1, 'association', $2, $3, $4) ON CONFLICT (id) DO NOTHING`, [
        `user-${a.id}`,
        a.id,
        a.name,
        a.email,
      ]);
    }
    for (const [prefix, role, label] of [
      ['pl', 'project_lead', 'Cheffe de projet DSU'],
      ['pd', 'prefect_delegate', 'Délégué du Préfet'],
    ] as const) {
      await em.query(`INSERT INTO accounts (id, role, territory_id, display_name, email) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`, [
        `${prefix}-${id}`,
        role,
        id,
        `${label}, ${id}`,
        `${prefix}@${domain}`,
      ]);
    }
  });
  return { id, binomeId: `binome-${id}`, lead: `pl@${domain}`, delegate: `pd@${domain}`, associations };
}
