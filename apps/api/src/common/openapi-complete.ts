import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import type { Request, Response } from 'express';
import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const ERROR_REF = '#/components/schemas/ErrorDto';

/** The one error shape of every 4xx and 5xx answer (see the errors filter). */
const ERROR_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 400 },
    error: {
      type: 'string',
      description:
        'validation, unauthorized, forbidden, not_found, conflict, rate_limited or unavailable (a body the parser refused: its reason, such as entity.parse.failed)',
      example: 'validation',
    },
    message: { type: 'string', description: 'what is wrong, in words', example: 'amountCents must be an integer number of cents' },
    fields: { type: 'array', items: { type: 'string' }, description: 'a 400: the fields at fault' },
    messages: { type: 'array', items: { type: 'string' }, description: 'a 400: each constraint broken' },
  },
};

/** The answers every operation of its kind may give, when it does not say more precisely. */
const GENERIC: Record<string, string> = {
  '400': 'the request is malformed: the fields at fault and why',
  '401': 'not signed in, or the API key or token is not valid',
  '403': "this account's role or scope does not allow it",
  '404': 'no such resource, or one this account may not see',
  '409':
    'the step is no longer possible (already done, the resource already exists, or it is in another state), or the Idempotency-Key was used for another request',
  '429': 'too many requests from this account (or this address, signed out): retry after the seconds of the Retry-After header',
  '503': 'PostgreSQL or Temporal is out of reach: retry in a moment',
};

type Operation = OperationObject & { parameters?: (ParameterObject | ReferenceObject)[] };

const isRef = (value: unknown): value is ReferenceObject => typeof value === 'object' && value !== null && '$ref' in value;

/**
 * Completes the generated document so that it says everything a client (or a fuzzer) meets: every
 * error answer of each operation with the one error shape (400 where it takes input, 401 and 403
 * where it needs an account, 404 where a path names a resource, 409 for any command: a step no
 * longer possible, a resource already there, a reused Idempotency-Key; 429 wherever the rate limits
 * apply, 503 when a backing service is down), and links from each answer that carries an `id` to the
 * operations taking that id in their path.
 */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas.ErrorDto = ERROR_SCHEMA;
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ path, method, operation: item[method] as Operation })),
  );
  for (const { path, method, operation } of operations) {
    const responses = operation.responses as Record<string, ResponseObject | ReferenceObject>;
    const authenticated = (operation.security ?? document.security ?? []).length > 0;
    const takesInput =
      Boolean(operation.requestBody) || (operation.parameters ?? []).some((p) => isRef(p) || p.in !== 'header' || p.name.toLowerCase() === 'idempotency-key');
    const expected = [
      takesInput && '400',
      authenticated && '401',
      authenticated && '403',
      path.includes('{') && '404',
      method !== 'get' && '409',
      path !== '/health' && '429',
      '503',
    ].filter((code): code is string => Boolean(code));
    for (const code of expected) responses[code] ??= { description: GENERIC[code] };
    for (const parameter of operation.parameters ?? []) if (!isRef(parameter)) tighten(parameter);
    for (const [code, response] of Object.entries(responses)) {
      if (Number(code) >= 400 && !isRef(response)) {
        response.description ||= GENERIC[code] ?? 'an error';
        response.content ??= { 'application/json': { schema: { $ref: ERROR_REF } } };
      }
    }
  }
  addLinks(document, operations);
  addValidatorConstraints(document);
  return document;
}

/**
 * The constraints the API's validators check (class-validator's decorators on each DTO), written into
 * the DTO's schema where the decorators for the document did not say them: patterns, lengths, bounds,
 * integers, array sizes. A value the document says is valid is then one the validators accept (the
 * rules across fields, such as a plan adding up to its budget, stay in words in the descriptions).
 */
function addValidatorConstraints(document: OpenAPIObject): void {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<{ name: string }, ValidationMetadata[]> };
  const schemas = document.components?.schemas ?? {};
  for (const [target, validations] of storage.validationMetadatas) {
    const schema = schemas[target.name];
    if (!schema || isRef(schema)) continue;
    for (const validation of validations) {
      const property = schema.properties?.[validation.propertyName];
      if (validation.type !== 'customValidation' || !property || isRef(property)) continue;
      const items = property.type === 'array' && property.items && !isRef(property.items) ? property.items : undefined;
      const at: SchemaObject = validation.each && items ? items : property;
      const [first] = (validation.constraints ?? []) as unknown[];
      switch (validation.name) {
        case 'matches':
          if (first instanceof RegExp && !first.flags.includes('i')) at.pattern ??= first.source;
          break;
        case 'minLength':
          at.minLength ??= first as number;
          break;
        case 'maxLength':
          at.maxLength ??= first as number;
          break;
        case 'min':
          at.minimum ??= first as number;
          break;
        case 'max':
          at.maximum ??= first as number;
          break;
        case 'isInt':
          if (at.type === 'number') at.type = 'integer';
          break;
        case 'arrayMinSize':
          property.minItems ??= first as number;
          break;
        case 'arrayMaxSize':
          property.maxItems ??= first as number;
          break;
      }
    }
  }
}

/** What every route checks of these parameters, wherever they appear (the routes share one rule per name). */
const PARAMETER_RULES: Record<string, SchemaObject> = {
  year: { type: 'integer', minimum: 2000, maximum: 2100 },
  date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', example: '2026-11-26' },
  territory: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,99}$', example: 'plaine-commune' },
  territoryId: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,99}$', example: 'plaine-commune' },
};

/** A path or query parameter said as strictly as the route checks it (an explicit schema is kept). */
function tighten(parameter: ParameterObject): void {
  const rule = PARAMETER_RULES[parameter.name];
  if (!rule || (parameter.in !== 'path' && parameter.in !== 'query')) return;
  const schema = (parameter.schema ?? {}) as SchemaObject;
  if (schema.pattern || schema.minimum !== undefined || schema.enum) return;
  parameter.schema = { ...schema, ...rule };
}

/** The properties of a schema, through its reference. */
function propertiesOf(document: OpenAPIObject, schema: SchemaObject | ReferenceObject | undefined): Record<string, unknown> {
  if (!schema) return {};
  if (isRef(schema)) {
    const name = schema.$ref.split('/').pop()!;
    return propertiesOf(document, document.components?.schemas?.[name]);
  }
  return (schema.properties as Record<string, unknown>) ?? {};
}

const pascal = (text: string) => text.replace(/(^|[^a-zA-Z0-9]+)([a-zA-Z0-9])/g, (_, __, c: string) => c.toUpperCase());

/**
 * OpenAPI links: an answer carrying an `id` (a lifecycle started, a resource created or read) links
 * to each operation on that resource, its path parameter bound to `$response.body#/id`.
 */
function addLinks(document: OpenAPIObject, operations: { path: string; method: string; operation: Operation }[]): void {
  for (const { path, operation } of operations) {
    const [code, response] = Object.entries(operation.responses).find(([status]) => status.startsWith('2')) ?? [];
    if (!code || !response || isRef(response)) continue;
    const schema = response.content?.['application/json']?.schema;
    if (!('id' in propertiesOf(document, schema))) continue;
    // The resource the answer is: the collection's item (POST /calls → /calls/{id}) or the path itself (GET /calls/{id}).
    const param = /^(.*?)\/\{([^}]+)\}/.exec(path);
    const base = param ? param[1] : path;
    const links: Record<string, { operationId: string; parameters: Record<string, string>; description: string }> = {};
    const takesTheId = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\{([^}]+)\\}(/[^{}]*)?$`);
    for (const target of operations) {
      if (target.operation === operation || !target.operation.operationId) continue;
      const match = takesTheId.exec(target.path);
      if (!match) continue;
      links[pascal(`${target.method} ${target.path.slice(base.length).replace(/\{[^}]+\}/g, 'by-id')}`)] = {
        operationId: target.operation.operationId,
        parameters: { [match[1]]: '$response.body#/id' },
        description: `${target.method.toUpperCase()} ${target.path} with the id this answer carries`,
      };
    }
    if (Object.keys(links).length) response.links = { ...(response.links ?? {}), ...links };
  }
}

/**
 * 405 with an Allow header for a documented path asked with a method it does not take (instead of a
 * 404 saying the route does not exist): derived from the document, so it follows every route.
 */
export function methodNotAllowed(document: OpenAPIObject): (request: Request, response: Response, next: () => void) => void {
  const routes = Object.entries(document.paths).map(([path, item]) => ({
    pattern: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
    methods: METHODS.filter((method) => item[method]).map((method) => method.toUpperCase()),
  }));
  return (request, response, next) => {
    if (request.method === 'OPTIONS') return next();
    const matching = routes.filter((route) => route.pattern.test(request.path));
    if (!matching.length) return next();
    const allowed = [...new Set(matching.flatMap((route) => (route.methods.includes('GET') ? [...route.methods, 'HEAD'] : route.methods)))];
    if (allowed.includes(request.method)) return next();
    response.setHeader('Allow', allowed.join(', '));
    response
      .status(405)
      .json({ statusCode: 405, error: 'method_not_allowed', message: `${request.method} is not allowed on ${request.path}: ${allowed.join(', ')}` });
  };
}
