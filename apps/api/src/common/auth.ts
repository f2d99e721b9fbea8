import {
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { DomainError, Principal, Role, principalProblem } from '../../../../libs/domain/src';
import { APP_CONFIG, AppConfig } from './config.provider';
import { BoundedCache } from './bounded-cache';

const PUBLIC = Symbol('public');
const ROLES = Symbol('roles');

/** The route needs no token (health, docs). */
export const Public = () => SetMetadata(PUBLIC, true);
/** Only these roles may call the route (403 for the others). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

type AuthenticatedRequest = Request & { principal?: Principal };

/** The authenticated caller, as the guard verified it. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new DomainError('unauthorized', 'authentication required');
  return principal;
});

/** Verified tokens, kept until they expire: verifying HS256 costs more than the rest of a read. */
const VERIFIED_CACHE_SIZE = 5_000;

/** Verifies the HS256 bearer token on every route that is not @Public, then the route's @Roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verified = new BoundedCache<string, { principal: Principal; expiresAt: number }>(VERIFIED_CACHE_SIZE);

  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new DomainError('unauthorized', 'a bearer token is required (Authorization: Bearer <token>)');
    request.principal = await this.principalOf(match[1]);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(request.principal.role)) {
      throw new DomainError('forbidden', `this action is for ${roles.join(' or ')} accounts, not ${request.principal.role}`);
    }
    return true;
  }

  private async principalOf(token: string): Promise<Principal> {
    const cached = this.verified.get(token);
    if (cached && cached.expiresAt > Date.now()) return cached.principal;
    let claims: Partial<Principal> & { exp?: number };
    try {
      claims = await this.jwt.verifyAsync<Partial<Principal> & { exp?: number }>(token, {
        algorithms: ['HS256'],
        issuer: this.config.JWT_ISSUER,
      });
    } catch (error) {
      throw new DomainError('unauthorized', `invalid token: ${(error as Error).message}`);
    }
    const problem = principalProblem(claims);
    if (problem) throw new DomainError('unauthorized', `invalid token: ${problem}`);
    const principal: Principal = {
      sub: claims.sub!,
      role: claims.role!,
      org: claims.org || undefined,
      territory: claims.territory || undefined,
    };
    // A token without exp is re-verified after a minute at most.
    this.verified.set(token, { principal, expiresAt: Math.min((claims.exp ?? Infinity) * 1000, Date.now() + 60_000) });
    return principal;
  }
}
