import { SearchAttributeType, defaultPayloadConverter, defineSearchAttributeKey, type Headers, type SearchAttributePair } from '@temporalio/common';

/** The Temporal header an HTTP request's id travels in: client → workflow → its activities, children and later runs. */
export const REQUEST_ID_TEMPORAL_HEADER = 'request-id';

/** The request id Temporal headers carry, if any (read by the workflows' and the activities' interceptors). */
export function requestIdOfHeaders(headers: Headers | undefined): string | undefined {
  const payload = headers?.[REQUEST_ID_TEMPORAL_HEADER];
  if (!payload) return undefined;
  const value: unknown = defaultPayloadConverter.fromPayload(payload);
  return typeof value === 'string' ? value : undefined;
}

/** The headers with the request id added (unchanged without one): what the client's and the workflows' interceptors send on. */
export function withRequestIdHeader(headers: Headers, requestId: string | undefined): Headers {
  return requestId ? { ...headers, [REQUEST_ID_TEMPORAL_HEADER]: defaultPayloadConverter.toPayload(requestId) } : headers;
}

/**
 * The custom search attributes of every lifecycle (grants and governance processes), for the
 * Temporal UI and CLI: `GrantKind = 'micro_grant' AND GrantStatus = 'awaiting_decisions' AND
 * Territory = 'T-93-AUB'`. Lists match one of their values (`Funder = 'F-ETAT'`). The worker
 * registers them at start; the dev servers are started with them.
 */
export const SEARCH_ATTRIBUTES = {
  kind: defineSearchAttributeKey('GrantKind', SearchAttributeType.KEYWORD),
  status: defineSearchAttributeKey('GrantStatus', SearchAttributeType.KEYWORD),
  territories: defineSearchAttributeKey('Territory', SearchAttributeType.KEYWORD_LIST),
  associations: defineSearchAttributeKey('Association', SearchAttributeType.KEYWORD_LIST),
  funders: defineSearchAttributeKey('Funder', SearchAttributeType.KEYWORD_LIST),
} as const;

/** What a lifecycle is found by: its kind and status, and the territories, associations and funders it concerns. */
export interface LifecycleSearch {
  kind: string;
  status: string;
  territoryIds?: string[];
  associationIds?: string[];
  funderIds?: string[];
}

/** The search attributes of a lifecycle (lists without duplicates, empty ones left out). */
export function searchAttributesOf(search: LifecycleSearch): SearchAttributePair[] {
  const list = (values: string[] | undefined) => [...new Set(values ?? [])].filter(Boolean);
  const pairs: SearchAttributePair[] = [
    { key: SEARCH_ATTRIBUTES.kind, value: search.kind },
    { key: SEARCH_ATTRIBUTES.status, value: search.status },
  ];
  for (const [key, values] of [
    [SEARCH_ATTRIBUTES.territories, list(search.territoryIds)],
    [SEARCH_ATTRIBUTES.associations, list(search.associationIds)],
    [SEARCH_ATTRIBUTES.funders, list(search.funderIds)],
  ] as const) {
    if (values.length) pairs.push({ key, value: values });
  }
  return pairs;
}
