export const ROLES = ['project_lead', 'prefect_delegate', 'association', 'funder', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The two members of a territory's binôme. */
export const BINOME_ROLES = ['project_lead', 'prefect_delegate'] as const;
export type BinomeRole = (typeof BINOME_ROLES)[number];

export interface Principal {
  sub: string;
  role: Role;
  /** Organisation id, for association and funder accounts. */
  org?: string;
  /** Territory id, for project_lead and prefect_delegate accounts. */
  territory?: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isBinomeRole(value: unknown): value is BinomeRole {
  return value === 'project_lead' || value === 'prefect_delegate';
}

/** Returns what is wrong with a set of claims, or null when they describe a valid principal. */
export function principalProblem(claims: Partial<Principal>): string | null {
  if (!claims.sub) return 'the token has no subject (sub)';
  if (!isRole(claims.role)) return `unknown role "${String(claims.role)}"`;
  if ((claims.role === 'association' || claims.role === 'funder') && !claims.org) {
    return `a ${claims.role} token needs an organisation (org)`;
  }
  if (isBinomeRole(claims.role) && !claims.territory) return `a ${claims.role} token needs a territory`;
  return null;
}

/** What is wrong with an account's scope for its role (an organisation for association and funder, a territory for the binôme, neither otherwise), or null. */
export function accountScopeProblem(role: Role, scope: { orgId?: string | null; territoryId?: string | null }): string | null {
  const needsOrg = role === 'association' || role === 'funder';
  const needsTerritory = isBinomeRole(role);
  if (needsOrg && !scope.orgId) return `a ${role} account needs an organisation (organisationId)`;
  if (!needsOrg && scope.orgId) return `a ${role} account has no organisation (organisationId must be absent)`;
  if (needsTerritory && !scope.territoryId) return `a ${role} account needs a territory (territoryId)`;
  if (!needsTerritory && scope.territoryId) return `a ${role} account has no territory (territoryId must be absent)`;
  return null;
}

/** Who a notification is for: everyone behind an organisation, or a role within a territory. */
export type Audience = { kind: 'org'; org: string } | { kind: 'territory_role'; role: BinomeRole; territory: string } | { kind: 'role'; role: Role };

/** The organisations with these ids, as audiences (none when there are no ids). */
export const orgAudiences = (ids: readonly string[] | undefined): Audience[] => (ids ?? []).map((org) => ({ kind: 'org', org }));

export function audienceKey(audience: Audience): string {
  switch (audience.kind) {
    case 'org':
      return `org:${audience.org}`;
    case 'territory_role':
      return `${audience.role}:${audience.territory}`;
    case 'role':
      return `role:${audience.role}`;
    default: {
      const never: never = audience;
      throw new Error(`unknown audience ${JSON.stringify(never)}`);
    }
  }
}

/** Every audience key a principal belongs to (what GET /me/notifications reads). */
export function audienceKeysOf(principal: Principal): string[] {
  const keys = [audienceKey({ kind: 'role', role: principal.role })];
  if (principal.org) keys.push(audienceKey({ kind: 'org', org: principal.org }));
  if (principal.territory && isBinomeRole(principal.role)) {
    keys.push(audienceKey({ kind: 'territory_role', role: principal.role, territory: principal.territory }));
  }
  return keys;
}
