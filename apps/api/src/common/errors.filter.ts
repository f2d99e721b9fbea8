import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { requestIdOf } from './request-id';
import { DomainError, DomainErrorCode } from '@grants/domain';

const STATUS: Record<DomainErrorCode, number> = {
  validation: HttpStatus.BAD_REQUEST,
  unauthorized: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

/** The error code of a status that Nest itself answers (the same words as the domain codes). */
const HTTP_CODES: Record<number, string> = {
  ...Object.fromEntries(Object.entries(STATUS).map(([code, status]) => [status, code])),
  [HttpStatus.TOO_MANY_REQUESTS]: 'rate_limited',
};

/** The one place where errors become HTTP answers: domain codes map to statuses, anything else is a 500. */
@Catch()
export class ErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof DomainError) {
      const status = STATUS[error.code];
      const { retryAfterSeconds, ...details } = error.details ?? {};
      if (typeof retryAfterSeconds === 'number') response.setHeader('Retry-After', String(retryAfterSeconds));
      response.status(status).json({ statusCode: status, error: error.code, message: error.message, ...details });
      return;
    }
    if (error instanceof HttpException) {
      // Nest's own refusals (an unknown route, say) in the same shape as every other error.
      const status = error.getStatus();
      const body = error.getResponse();
      const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? error.message);
      response
        .status(status)
        .json({ statusCode: status, error: HTTP_CODES[status] ?? 'http_error', message: Array.isArray(message) ? message.join('; ') : String(message) });
      return;
    }
    const httpError = error as { status?: unknown; expose?: unknown; message?: string; type?: string };
    if (typeof httpError.status === 'number' && httpError.status >= 400 && httpError.status < 500 && httpError.expose === true) {
      // Refusals of the body parser (too large, not JSON, bad charset): the client's mistake.
      response.status(httpError.status).json({ statusCode: httpError.status, error: httpError.type ?? 'bad_request', message: httpError.message });
      return;
    }
    if (isDatabaseUnavailable(error)) {
      response
        .status(HttpStatus.SERVICE_UNAVAILABLE)
        .json({ statusCode: 503, error: 'unavailable', message: 'the database is unavailable: retry in a moment' });
      return;
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    // The request's id, for whoever reports the incident: the log lines of this request carry it.
    const requestId = requestIdOf(host.switchToHttp().getRequest<Request>());
    response
      .status(HttpStatus.INTERNAL_SERVER_ERROR)
      .json({ statusCode: 500, error: 'internal', message: `internal error: the incident is logged${requestId ? ` (request ${requestId})` : ''}`, requestId });
  }
}

/** PostgreSQL down or restarting: connection refused or reset, shutdown in progress, or no connection to be had. */
function isDatabaseUnavailable(error: unknown): boolean {
  const candidates = [error, (error as { driverError?: unknown })?.driverError];
  return candidates.some((e) => {
    const code = (e as { code?: string } | undefined)?.code;
    const message = (e as Error | undefined)?.message ?? '';
    return (
      code === 'ECONNREFUSED' ||
      code === 'ECONNRESET' ||
      code === '57P01' || // admin_shutdown
      code === '57P02' || // crash_shutdown
      code === '57P03' || // cannot_connect_now
      /Connection terminated|timeout exceeded when trying to connect/i.test(message)
    );
  });
}
