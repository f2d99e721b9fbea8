import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, Principal, Role, accountScopeProblem } from '@grants/domain';
import { AccountChanges, AccountFilter, AccountRecord, AccountsRepository, AuthEventsRepository } from '@grants/persistence';
import { APP_CONFIG, AppConfig } from '../common/config.provider';
import type { SignedInIdentity } from '../auth/oidc.service';
import { AccountChangeFeed } from './account-changes';

/** Who asked, from where: what the record of account changes keeps. */
export interface Actor {
  accountId: string | null;
  ip: string | null;
}

export interface AccountScope {
  role: Role;
  organisationId?: string | null;
  territoryId?: string | null;
}

/** The principal an account stands for: its authority as it is now. */
export function principalOfAccount(account: AccountRecord): Principal {
  return { sub: account.id, role: account.role, org: account.orgId ?? undefined, territory: account.territoryId ?? undefined };
}

/**
 * Accounts carry the authority: every request is authorised from the account as it is now (kept at
 * most ACCOUNT_CACHE_TTL in a process; a change made through this process applies at once).
 */
@Injectable()
export class AccountsService {
  private readonly cache = new Map<string, { account: AccountRecord | null; until: number }>();

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly events: AuthEventsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly changes: AccountChangeFeed,
  ) {
    changes.onChange((change) => {
      if (change.kind === 'account') this.cache.delete(change.id);
    });
  }

  /** The account as it is now (or null), from the short per-process cache. */
  async current(id: string): Promise<AccountRecord | null> {
    const cached = this.cache.get(id);
    if (cached && cached.until > Date.now()) return cached.account;
    const account = await this.accounts.findById(id);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(id, { account, until: Date.now() + this.config.ACCOUNT_CACHE_TTL });
    return account;
  }

  /** Drops the account from every process's cache (here at once, elsewhere through PostgreSQL). */
  async forget(id: string): Promise<void> {
    await this.changes.announce({ kind: 'account', id });
  }

  async get(id: string): Promise<AccountRecord> {
    const account = await this.accounts.findById(id);
    if (!account) throw new DomainError('not_found', `no account ${id}`);
    return account;
  }

  list(filter: AccountFilter): Promise<{ items: AccountRecord[]; total: number }> {
    return this.accounts.list(filter);
  }

  /** Is this organisation (association, funder) or territory in the directory? */
  scopeExists(kind: 'association' | 'funder' | 'territory', id: string): Promise<boolean> {
    return this.accounts.scopeExists(kind, id);
  }

  async scopeNames(account: AccountRecord): Promise<{ organisation: string | null; territory: string | null }> {
    return this.accounts.scopeNames(account);
  }

  /**
   * The account an identity signs in to: the one already linked to it, or the one waiting for this
   * e-mail (invited, or seeded), which is then linked. Null when there is none.
   */
  async signIn(identity: SignedInIdentity, ip: string | null): Promise<AccountRecord | null> {
    let account = await this.accounts.findByIdentity(identity.issuer, identity.subject);
    if (!account && identity.email && identity.emailVerified) {
      const waiting = await this.accounts.findUnlinkedByEmail(identity.email);
      if (waiting && (await this.accounts.linkIdentity(waiting.id, identity.issuer, identity.subject))) {
        await this.events.record({
          type: 'identity_linked',
          accountId: waiting.id,
          actorId: waiting.id,
          ip,
          detail: { issuer: identity.issuer, subject: identity.subject, email: identity.email },
        });
        account = await this.accounts.findById(waiting.id);
      }
    }
    if (account) {
      await this.forget(account.id);
      if (account.status === 'active') await this.accounts.markSignedIn(account.id);
    }
    return account;
  }

  async invite(actor: Actor, invitation: AccountScope & { email: string; displayName?: string }): Promise<AccountRecord> {
    const scope = await this.checkedScope(invitation);
    const email = invitation.email.trim().toLowerCase();
    if (await this.accounts.emailTaken(email)) throw new DomainError('conflict', `an account already exists for ${email}`, { fields: ['email'] });
    let account: AccountRecord;
    try {
      account = await this.accounts.invite({ id: `acc-${randomUUID()}`, email, displayName: invitation.displayName?.trim() || email, ...scope });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new DomainError('conflict', `an account already exists for ${email}`, { fields: ['email'] });
      throw error;
    }
    await this.events.record({ type: 'account_invited', accountId: account.id, actorId: actor.accountId, ip: actor.ip, detail: { email, ...scope } });
    return account;
  }

  /** Changes the role, the scope or the name; the account's sessions end when its authority changes. */
  async update(actor: Actor, id: string, changes: Partial<AccountScope> & { displayName?: string }): Promise<AccountRecord> {
    const before = await this.get(id);
    const role = changes.role ?? before.role;
    const roleChanged = role !== before.role;
    // A new role takes the scope it needs: what the request gives, else what the account had if it still fits.
    const scope = await this.checkedScope({
      role,
      organisationId: changes.organisationId !== undefined ? changes.organisationId : roleChanged && !needsOrg(role) ? null : before.orgId,
      territoryId: changes.territoryId !== undefined ? changes.territoryId : roleChanged && !needsTerritory(role) ? null : before.territoryId,
    });
    if (before.role === 'admin' && role !== 'admin' && before.status === 'active') await this.keepAnAdmin(id);
    const update: AccountChanges = { ...scope };
    if (changes.displayName !== undefined) update.displayName = changes.displayName.trim();
    const after = (await this.accounts.update(id, update))!;
    await this.forget(id);
    const authorityChanged = after.role !== before.role || after.orgId !== before.orgId || after.territoryId !== before.territoryId;
    if (authorityChanged) await this.accounts.endSessions(id);
    await this.events.record({
      type: 'account_updated',
      accountId: id,
      actorId: actor.accountId,
      ip: actor.ip,
      detail: { before: authorityOf(before), after: authorityOf(after), displayName: after.displayName },
    });
    return after;
  }

  /** Disables an account (its sessions end and its keys stop at once) or enables it again. */
  async setDisabled(actor: Actor, id: string, disabled: boolean): Promise<AccountRecord> {
    const before = await this.get(id);
    if (disabled && id === actor.accountId) throw new DomainError('conflict', 'you cannot disable your own account');
    if (disabled && before.role === 'admin' && before.status === 'active') await this.keepAnAdmin(id);
    const status = disabled ? 'disabled' : before.identityIssuer ? 'active' : before.status === 'disabled' ? 'invited' : before.status;
    if (before.status === status) return before;
    const after = (await this.accounts.update(id, { status }))!;
    await this.forget(id);
    if (disabled) await this.accounts.endSessions(id);
    await this.events.record({ type: disabled ? 'account_disabled' : 'account_enabled', accountId: id, actorId: actor.accountId, ip: actor.ip });
    return after;
  }

  private async keepAnAdmin(id: string): Promise<void> {
    if ((await this.accounts.countActiveAdmins()) <= 1) {
      throw new DomainError('conflict', `${id} is the last active admin: make another admin first`);
    }
  }

  /** The scope a role needs, checked against the directory (400 naming the field at fault). */
  private async checkedScope(scope: AccountScope): Promise<{ role: Role; orgId: string | null; territoryId: string | null }> {
    const orgId = scope.organisationId ?? null;
    const territoryId = scope.territoryId ?? null;
    const problem = accountScopeProblem(scope.role, { orgId, territoryId });
    if (problem) throw new DomainError('validation', problem, { fields: [problem.includes('organisation') ? 'organisationId' : 'territoryId'] });
    if (orgId && !(await this.accounts.scopeExists(scope.role as 'association' | 'funder', orgId))) {
      throw new DomainError('validation', `no ${scope.role} organisation ${orgId} in the directory`, { fields: ['organisationId'] });
    }
    if (territoryId && !(await this.accounts.scopeExists('territory', territoryId))) {
      throw new DomainError('validation', `no territory ${territoryId} in the directory`, { fields: ['territoryId'] });
    }
    return { role: scope.role, orgId, territoryId };
  }
}

const needsOrg = (role: Role) => role === 'association' || role === 'funder';
const needsTerritory = (role: Role) => role === 'project_lead' || role === 'prefect_delegate';

function authorityOf(account: AccountRecord): Record<string, string | null> {
  return { role: account.role, organisationId: account.orgId, territoryId: account.territoryId, status: account.status };
}
