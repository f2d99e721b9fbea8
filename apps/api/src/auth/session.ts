import type { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import type { Pool } from 'pg';
import type { AppConfig } from '../common/config.provider';
import type { PendingSignIn, SignedInIdentity } from './oidc.service';

declare module 'express-session' {
  interface SessionData {
    /** Sign-ins under way, by their state (several tabs may sign in at once). */
    pending: Record<string, PendingSignIn>;
    identity: SignedInIdentity;
    /** The account linked to the identity; absent when it has none. */
    accountId: string;
    idToken: string;
    /** When the person signed in (the absolute lifetime counts from it). */
    startedAt: number;
  }
}

export const SESSION_COOKIE = 'grants.sid';

/**
 * Browser sessions kept in PostgreSQL (express-session with connect-pg-simple): an httpOnly,
 * SameSite=Lax cookie, Secure when the public URL is https; the idle timeout is the cookie's rolling
 * lifetime. Requests with an Authorization header never touch the session store.
 */
export function sessionMiddleware(config: AppConfig, pool: Pool): (request: Request, response: Response, next: NextFunction) => void {
  const PgStore = connectPgSimple(session);
  const secure = (config.PUBLIC_URL ?? '').startsWith('https:');
  const middleware = session({
    name: SESSION_COOKIE,
    secret: config.SESSION_SECRET!,
    store: new PgStore({ pool, tableName: 'http_sessions', createTableIfMissing: false, pruneSessionInterval: 15 * 60 }),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: config.TRUST_PROXY_HOPS > 0 ? true : undefined,
    cookie: { httpOnly: true, sameSite: 'lax', secure, maxAge: config.SESSION_IDLE_TIMEOUT, path: '/' },
  });
  return (request, response, next) => {
    if (request.headers.authorization !== undefined) return next();
    middleware(request, response, (error?: unknown) => {
      if (!error) return next();
      // The session store is out of reach (PostgreSQL restarting): a clear 503, never a 500.
      response.status(503).json({ statusCode: 503, error: 'unavailable', message: 'sessions are unavailable: retry in a moment' });
    });
  };
}
