import { JwtService } from '@nestjs/jwt';
import { Principal, principalProblem } from '../../../../libs/domain/src';

/** Signs a bearer token (HS256) for these claims: used by `npm run token`, the demo seed and tests. */
export function signToken(secret: string, issuer: string, claims: Principal, expiresIn: number = 30 * 24 * 3600): string {
  const problem = principalProblem(claims);
  if (problem) throw new Error(problem);
  const payload: Record<string, string> = { sub: claims.sub, role: claims.role };
  if (claims.org) payload.org = claims.org;
  if (claims.territory) payload.territory = claims.territory;
  return new JwtService({ secret }).sign(payload, { algorithm: 'HS256', issuer, expiresIn });
}
