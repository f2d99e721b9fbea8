export * from './entities';
export { dataSourceOptions, MIGRATIONS } from './data-source';
export { migrate } from './migrate';
export type { GrantRow } from './grant-views';
export { grantViewOfRow, loadCallView, loadCohortView, loadGrantView, saveCallView, saveCohortView, saveFundedPeriods, saveGrantView } from './grant-views';
export { seedDemoData } from './seed/seed';
export * as demo from './seed/demo-data';
export { rebuildProjections } from './rebuild-projections';
export { dayEventHashes, loadChainedEvents } from './event-log';
