import { ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerModule, ThrottlerModuleOptions } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler/dist/throttler.guard.interface';
import { AppConfig } from '@grants/config';
import type { AuthenticatedRequest } from './auth';

const WINDOW_MS = 60_000;
const WRITE = (context: ExecutionContext) => !['GET', 'HEAD', 'OPTIONS'].includes(context.switchToHttp().getRequest<{ method: string }>().method);

/**
 * Requests per account and minute (per address for whoever is not signed in), counted apart for
 * reads and for writes, writes stricter. 0 turns a limit off. Counted in each API process.
 */
export function rateLimitModule(config: AppConfig) {
  const options: ThrottlerModuleOptions = {
    throttlers: [
      {
        ttl: WINDOW_MS,
        limit: (context) => (WRITE(context) ? config.RATE_LIMIT_WRITES : config.RATE_LIMIT_READS) || Number.MAX_SAFE_INTEGER,
        // Reads and writes fill separate buckets: reading a lot never stops anyone from deciding.
        generateKey: (context, tracker) => `${WRITE(context) ? 'write' : 'read'}:${tracker}`,
      },
    ],
    skipIf: (context) => context.switchToHttp().getRequest<{ path?: string }>().path === '/health',
  };
  return ThrottlerModule.forRoot(options);
}

/** Runs after the AuthGuard: the account it found is what is counted. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const auth = (request as unknown as AuthenticatedRequest).auth;
    if (auth?.principal) return `account:${auth.principal.sub}`;
    return `address:${String(request.ip ?? 'unknown')}`;
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    const what = WRITE(context) ? 'changes' : 'reads';
    throw new HttpException(
      `too many ${what}: at most ${detail.limit} a minute for one account; retry in ${seconds} s (Retry-After)`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
