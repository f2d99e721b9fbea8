import { patched, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { LifecycleSearch, searchAttributesOf } from '@grants/contracts';

/** Runs started since this patch keep their search attributes (kind, status, territory, association, funder) up to date. */
export const SEARCH_ATTRIBUTES_PATCH = 'search-attributes';

/**
 * Brings the run's search attributes to what `search` says: only those that changed are upserted
 * (none: no command), so a lifecycle writes them once at its start and again at each change of
 * status. Runs started before the patch (and their recorded histories) write none.
 */
export function mirrorSearch(search: LifecycleSearch): void {
  const current = workflowInfo().typedSearchAttributes;
  const changed = searchAttributesOf(search).filter(({ key, value }) => JSON.stringify(current.get(key)) !== JSON.stringify(value));
  if (changed.length && patched(SEARCH_ATTRIBUTES_PATCH)) upsertSearchAttributes(changed);
}
