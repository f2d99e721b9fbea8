import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { DomainError, Principal, Role, principalProblem } from '@grants/domain';
import type { ApiKeyScope } from '@grants/persistence';
import { AccountsService, principalOfAccount } from '../accounts/accounts.service';
import { ApiKeysService, looksLikeApiKey } from '../accounts/api-keys.service';
import type { SignedInIdentity } from '../auth/oidc.service';
import { DEV_TOKEN_AUDIENCE } from '../accounts/tokens';
import { APP_CONFIG, AppConfig } from './config.provider';
import { BoundedCache } from './bounded-cache';

const PUBLIC = Symbol('public');
const ROLES = Symbol('roles');
const WITHOUT_ACCOUNT = Symbol('withoutAccount');
const SESSION_ONLY = Symbol('sessionOnly');
const FROM_TEMPORAL_UI = Symbol('fromTemporalUi');
const READS_ONLY = Symbol('readsOnly');

/** The route needs no sign-in (health, docs, the sign-in flow itself). */
export const Public = () => SetMetadata(PUBLIC, true);
/** Only these roles may call the route (403 for the others). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);
/** A signed-in identity with no account may call it (who am I, sign out). */
export const AllowWithoutAccount = () => SetMetadata(WITHOUT_ACCOUNT, true);
/** Not for API keys (managing the keys themselves). */
export const NotWithApiKey = () => SetMetadata(SESSION_ONLY, true);

/**
 * The Temporal UI (an origin of TEMPORAL_CODEC_ORIGINS) may call the route with the signed-in
 * session's cookie: the codec endpoint, which it calls from the browser.
 */
export const CalledByTemporalUi = () => SetMetadata(FROM_TEMPORAL_UI, true);

/** A POST that changes nothing (a replay, a decoding): a read-only API key may call it. */
export const ReadsOnly = () => SetMetadata(READS_ONLY, true);

/** How the caller proved who it is. */
export type AuthenticatedVia = 'session' | 'api_key' | 'dev_token';

export interface Authentication {
  via: AuthenticatedVia;
  /** The account's authority; absent for an identity signed in without an account. */
  principal?: Principal;
  identity?: SignedInIdentity;
  apiKey?: { id: string; scope: ApiKeyScope };
}

export type AuthenticatedRequest = Request & { principal?: Principal; auth?: Authentication };

/** The authenticated caller, as the guard verified it. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new DomainError('unauthorized', 'authentication required');
  return principal;
});

/** How the caller authenticated (session, API key or development token). */
export const CurrentAuthentication = createParamDecorator((_: unknown, context: ExecutionContext): Authentication => {
  const auth = context.switchToHttp().getRequest<AuthenticatedRequest>().auth;
  if (!auth) throw new DomainError('unauthorized', 'authentication required');
  return auth;
});

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface DevClaims {
  sub?: string;
  role?: string;
  org?: string;
  territory?: string;
  exp?: number;
}

/**
 * Every route that is not @Public needs a caller: a browser session (cookie), an API key, or (outside
 * production) a development token. Authority comes from the account as it is now, never from a
 * token's claims; a session's state-changing request must come from the platform's own origin; a
 * read-only API key only reads. Then the route's @Roles.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verified = new BoundedCache<string, { claims: DevClaims; expiresAt: number }>(5_000);
  private readonly publicOrigin: string | undefined;

  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
    private readonly accounts: AccountsService,
    private readonly apiKeys: ApiKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.publicOrigin = config.PUBLIC_URL ? new URL(config.PUBLIC_URL).origin : undefined;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const auth = await this.authenticate(request);
    request.auth = auth;
    request.principal = auth.principal;
    if (auth.via === 'session' && !SAFE_METHODS.has(request.method)) {
      this.checkOrigin(request, this.reflector.getAllAndOverride<boolean>(FROM_TEMPORAL_UI, targets) ? this.config.TEMPORAL_CODEC_ORIGINS : []);
    }
    if (!auth.principal && !this.reflector.getAllAndOverride<boolean>(WITHOUT_ACCOUNT, targets)) {
      throw new DomainError(
        'forbidden',
        'you are signed in, but no account of this platform is linked to your identity: ask an administrator for an invitation',
      );
    }
    if (auth.via === 'api_key' && this.reflector.getAllAndOverride<boolean>(SESSION_ONLY, targets)) {
      throw new DomainError('forbidden', 'API keys cannot do this: sign in');
    }
    if (auth.apiKey?.scope === 'read' && !SAFE_METHODS.has(request.method) && !this.reflector.getAllAndOverride<boolean>(READS_ONLY, targets)) {
      throw new DomainError('forbidden', 'this API key only reads (scope "read"): a key with scope "read_write" is needed');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && auth.principal && !roles.includes(auth.principal.role)) {
      throw new DomainError('forbidden', `this action is for ${roles.join(' or ')} accounts, not ${auth.principal.role}`);
    }
    return true;
  }

  private async authenticate(request: AuthenticatedRequest): Promise<Authentication> {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new DomainError('unauthorized', 'the Authorization header must read "Bearer <API key>"');
      return looksLikeApiKey(match[1]) ? this.byApiKey(match[1]) : this.byDevToken(match[1]);
    }
    const session = request.session;
    if (session?.identity) return this.bySession(request);
    throw new DomainError('unauthorized', 'sign in (GET /auth/login) or send an API key (Authorization: Bearer <key>)');
  }

  private async bySession(request: AuthenticatedRequest): Promise<Authentication> {
    const session = request.session;
    if (!session.startedAt || session.startedAt + this.config.SESSION_MAX_AGE <= Date.now()) {
      await endSession(request);
      throw new DomainError('unauthorized', 'your session has ended: sign in again');
    }
    if (!session.accountId) return { via: 'session', identity: session.identity };
    const account = await this.accounts.current(session.accountId);
    if (!account || account.status !== 'active') {
      await endSession(request);
      throw new DomainError('unauthorized', 'this account is disabled');
    }
    return { via: 'session', principal: principalOfAccount(account), identity: session.identity };
  }

  private async byApiKey(token: string): Promise<Authentication> {
    const key = await this.apiKeys.verify(token);
    const account = await this.accounts.current(key.accountId);
    if (!account || account.status !== 'active') throw new DomainError('unauthorized', 'the account of this API key is disabled');
    return { via: 'api_key', principal: principalOfAccount(account), apiKey: { id: key.id, scope: key.scope } };
  }

  private async byDevToken(token: string): Promise<Authentication> {
    if (!this.config.JWT_SECRET || this.config.NODE_ENV === 'production') {
      throw new DomainError('unauthorized', 'invalid token: bearer tokens here are API keys (gk_…)');
    }
    let cached = this.verified.get(token);
    if (!cached || cached.expiresAt <= Date.now()) {
      let claims: DevClaims;
      try {
        claims = await this.jwt.verifyAsync<DevClaims>(token, {
          algorithms: ['HS256'],
          issuer: this.config.JWT_ISSUER,
          audience: this.config.JWT_AUDIENCE ?? DEV_TOKEN_AUDIENCE,
        });
      } catch (error) {
        throw new DomainError('unauthorized', `invalid token: ${(error as Error).message}`);
      }
      if (typeof claims.exp !== 'number') throw new DomainError('unauthorized', 'invalid token: it has no expiry (exp)');
      const problem = principalProblem(claims as Partial<Principal>);
      if (problem) throw new DomainError('unauthorized', `invalid token: ${problem}`);
      cached = { claims, expiresAt: claims.exp * 1000 };
      this.verified.set(token, cached);
    }
    const { claims } = cached;
    const account = await this.accounts.current(claims.sub!);
    if (!account) throw new DomainError('unauthorized', `invalid token: no account ${claims.sub}`);
    if (account.status !== 'active') throw new DomainError('unauthorized', `account ${account.id} is ${account.status}`);
    const principal = principalOfAccount(account);
    if (claims.role !== principal.role || (claims.org ?? undefined) !== principal.org || (claims.territory ?? undefined) !== principal.territory) {
      throw new DomainError(
        'unauthorized',
        `invalid token: its claims disagree with account ${account.id} (${principal.role}${principal.org ? ` of ${principal.org}` : ''}${principal.territory ? ` of ${principal.territory}` : ''})`,
      );
    }
    return { via: 'dev_token', principal };
  }

  /** A state-changing request carried by a session cookie must come from the platform's own pages. */
  private checkOrigin(request: Request, alsoFrom: string[]): void {
    const expected = this.publicOrigin ?? `${request.protocol}://${request.headers.host}`;
    const origin = request.headers.origin ?? originOf(request.headers.referer);
    if (origin !== expected && !(origin && alsoFrom.includes(origin))) {
      throw new DomainError('forbidden', `cross-site request refused: this request must come from ${expected}`);
    }
  }
}

/** Deletes the request's session from the store (whatever the store answers, the request is refused). */
function endSession(request: Request): Promise<void> {
  return new Promise((resolve) => request.session.destroy(() => resolve()));
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
