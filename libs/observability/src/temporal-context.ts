import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { Headers } from '@temporalio/common';
import { requestIdOfHeaders, withRequestIdHeader } from '@grants/contracts';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { currentRequestId, withRequestId } from './request-context';

/** The headers with the current request's id added (unchanged outside a request). */
const withRequestHeader = (headers: Headers): Headers => withRequestIdHeader(headers, currentRequestId());

/**
 * The Temporal client's interceptor (API, worker): every start, update, signal and query sent while
 * serving a request carries the request's id in its headers, for the workflow's and its activities'
 * logs. Headers are not payloads of the lifecycle: they change no command and no recorded history.
 */
export function requestIdClientInterceptor(): WorkflowClientInterceptor {
  return {
    start: (input, next) => next({ ...input, headers: withRequestHeader(input.headers) }),
    startWithDetails: (input, next) => next({ ...input, headers: withRequestHeader(input.headers) }),
    startUpdate: (input, next) => next({ ...input, headers: withRequestHeader(input.headers) }),
    startUpdateWithStart: (input, next) =>
      next({ ...input, workflowStartHeaders: withRequestHeader(input.workflowStartHeaders), updateHeaders: withRequestHeader(input.updateHeaders) }),
    signal: (input, next) => next({ ...input, headers: withRequestHeader(input.headers) }),
    signalWithStart: (input, next) => next({ ...input, headers: withRequestHeader(input.headers) }),
    query: (input, next) => next({ ...input, headers: withRequestHeader(input.headers) }),
  };
}

/**
 * The worker's activity interceptor: an activity runs as the work of the request its workflow
 * passed on (its logs, and the workflows it starts, carry the id).
 */
export const requestIdActivityInterceptor: ActivityInterceptorsFactory = () => {
  let requestId: string | undefined;
  return {
    inbound: {
      execute: (input, next) => {
        requestId = requestIdOfHeaders(input.headers);
        return withRequestId(requestId, () => next(input));
      },
    },
    outbound: {
      getLogAttributes: (attributes, next) => next(requestId ? { ...attributes, requestId } : attributes),
    },
  };
};
