import { JwtService } from '@nestjs/jwt';
import { Principal, principalProblem } from '@grants/domain';

export const DEV_TOKEN_AUDIENCE = 'grants-engine-api';
/** Development tokens are short-lived: 12 hours unless asked otherwise, a week at most. */
export const DEV_TOKEN_MAX_SECONDS = 7 * 24 * 3600;

/**
 * Signs a development bearer token (HS256) speaking for an account: used by `npm run token`, the
 * demo banner and the tests. The API checks the claims against the account, and refuses these tokens
 * in production.
 */
export function signToken(secret: string, issuer: string, claims: Principal, expiresIn: number = 12 * 3600, audience: string = DEV_TOKEN_AUDIENCE): string {
  const problem = principalProblem(claims);
  if (problem) throw new Error(problem);
  if (!(expiresIn > 0 && expiresIn <= DEV_TOKEN_MAX_SECONDS)) throw new Error(`a development token lives at most ${DEV_TOKEN_MAX_SECONDS / 3600} hours`);
  const payload: Record<string, string> = { sub: claims.sub, role: claims.role };
  if (claims.org) payload.org = claims.org;
  if (claims.territory) payload.territory = claims.territory;
  return new JwtService({ secret }).sign(payload, { algorithm: 'HS256', issuer, audience, expiresIn });
}
