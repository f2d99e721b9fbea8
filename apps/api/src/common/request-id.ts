import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Observable } from 'rxjs';
import { ApiMetrics, REQUEST_ID_HEADER, acceptedRequestId, withRequestId } from '@grants/observability';

/** The request id the middleware gave the request. */
export function requestIdOf(req: Request): string | undefined {
  return (req as Request & { requestId?: string }).requestId;
}

/**
 * Every request gets an id (the caller's `X-Request-Id` when sensible, else a new one), answered in
 * `X-Request-Id`, and one access line once answered (method, path without the query, status,
 * duration; with metrics, its route pattern's histogram): the id is in every log line of the request's work, the workflows' and activities'
 * included, so one grep follows a request from the API to the worker.
 */
export function requestIdMiddleware(metrics: ApiMetrics | null = null): (req: Request, res: Response, next: NextFunction) => void {
  const log = new Logger('http');
  return (req, res, next) => {
    const requestId = acceptedRequestId(req.headers[REQUEST_ID_HEADER.toLowerCase()]);
    (req as Request & { requestId?: string }).requestId = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const path = (req.originalUrl ?? req.url).split('?')[0];
      // The route's pattern (its parameters unexpanded), the web app's files as one, anything else as unmatched.
      const route = (req.route as { path?: string } | undefined)?.path ?? (path === '/app' || path.startsWith('/app/') ? '/app' : 'unmatched');
      metrics?.observeHttp(req.method, route, res.statusCode, durationMs / 1000);
      const line = { message: 'request', requestId, method: req.method, path, status: res.statusCode, durationMs: Math.round(durationMs * 10) / 10 };
      // Probes ask for /health every few seconds: their lines only at the debug level.
      if (path === '/health') log.debug(line);
      else log.log(line);
    });
    withRequestId(requestId, next);
  };
}

/**
 * The handler runs as the work of its request (the middleware's context does not survive every
 * callback-style middleware before it, the session store's database calls among them).
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const requestId = context.getType() === 'http' ? requestIdOf(context.switchToHttp().getRequest<Request>()) : undefined;
    return new Observable((subscriber) => withRequestId(requestId, () => next.handle().subscribe(subscriber)));
  }
}
