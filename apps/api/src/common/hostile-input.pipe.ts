import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from '@grants/domain';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const MAX_PARAM_LENGTH = 200;

/**
 * Runs before validation on every body, query and path parameter: refuses prototype-polluting keys
 * anywhere in a body, and control characters or absurd lengths in ids and query values, so that
 * nothing hostile reaches the services, Temporal or PostgreSQL.
 */
@Injectable()
export class HostileInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body') checkKeys(value, 'body');
    if ((metadata.type === 'param' || metadata.type === 'query') && metadata.data === undefined && value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) checkScalar(item, `${metadata.type} ${key}`);
    } else if (metadata.type === 'param' || metadata.type === 'query') {
      checkScalar(value, `${metadata.type} ${metadata.data ?? ''}`.trim());
    }
    return value;
  }
}

function checkKeys(value: unknown, path: string, depth = 0): void {
  if (depth > 32) throw new DomainError('validation', `${path}: nested too deeply`);
  if (!value || typeof value !== 'object') return;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) throw new DomainError('validation', `${path}: property name "${key}" is not allowed`, { fields: [key] });
    checkKeys((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
  }
}

function checkScalar(value: unknown, what: string): void {
  const values = Array.isArray(value) ? value : [value];
  for (const item of values) {
    if (typeof item !== 'string') continue;
    if (CONTROL_CHARACTERS.test(item)) throw new DomainError('validation', `${what}: control characters are not allowed`);
    if (item.length > MAX_PARAM_LENGTH && what.startsWith('param')) throw new DomainError('validation', `${what}: longer than ${MAX_PARAM_LENGTH} characters`);
  }
}
