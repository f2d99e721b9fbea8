import type { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '@grants/contracts';

const { IndexedValueType } = temporal.api.enums.v1;
const INDEXED: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  [SearchAttributeType.KEYWORD]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.KEYWORD_LIST]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/** The lifecycles' custom search attributes as the operator service registers them: name → indexed type. */
export function searchAttributeDefinitions(): Record<string, temporal.api.enums.v1.IndexedValueType> {
  return Object.fromEntries(Object.values(SEARCH_ATTRIBUTES).map((key) => [key.name, INDEXED[key.type]]));
}

/**
 * Registers the lifecycles' custom search attributes in the namespace (those missing; nothing when
 * all are there) and answers the names it added. One registered with another type is an error to
 * fix by hand: the workflows could not write it.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const wanted = Object.entries(searchAttributeDefinitions()).map(([name, type]) => ({ name, type }));
  const clash = wanted.filter(({ name, type }) => customAttributes?.[name] !== undefined && customAttributes[name] !== type);
  if (clash.length) {
    throw new Error(
      `search attributes registered with another type in namespace ${namespace}: ${clash.map((c) => `${c.name} (expected ${IndexedValueType[c.type]}, found ${IndexedValueType[customAttributes![c.name]]})`).join(', ')}`,
    );
  }
  const missing = wanted.filter(({ name }) => customAttributes?.[name] === undefined);
  if (missing.length) {
    try {
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: Object.fromEntries(missing.map(({ name, type }) => [name, type])) });
    } catch (error) {
      // Temporal Cloud, or an account without the operator's rights: the namespace's administrator adds them.
      const list = missing.map(({ name, type }) => `${name} (${IndexedValueType[type].replace('INDEXED_VALUE_TYPE_', '')})`).join(', ');
      throw new Error(
        `could not register the search attributes ${list} in namespace ${namespace} (${(error as Error).message}): add them to the namespace, then start the worker again`,
      );
    }
  }
  return missing.map(({ name }) => name);
}
