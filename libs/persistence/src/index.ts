export * from './entities';
export { dataSourceOptions, MIGRATIONS } from './data-source';
export { migrate } from './migrate';
export type { GrantRow } from './grant-views';
export {
  grantViewOfRow,
  loadCallView,
  loadGrantStatus,
  loadCohortView,
  loadGrantView,
  saveCallView,
  saveCohortView,
  saveFundedPeriods,
  saveGrantView,
} from './grant-views';
export * from './grant-list.repository';
export * from './funders.repository';
export * from './incubations.repository';
export { seedDemoData } from './seed/seed';
export * as demo from './seed/demo-data';
export { rebuildProjections } from './rebuild-projections';
export { projectAppended, projectedStreamOf, PROJECTED_STREAMS, MODULE_STREAMS } from './streams';
export type { ProjectedStream, StoredEvent } from './streams';
export { appendChainedEvent, dayEventHashes, eventByKey, loadChainedEvents } from './event-log';
export type { EventToAppend } from './event-log';
export * from './open-data';
export * from './accounts';
export * from './notifications';
export * from './audit';
export { databaseReachable } from './health';
export { TaskForceRepository, appendTaskForceEvent } from './task-forces';
export type { TaskForceScope } from './task-forces';
export { ContributionRepository, appendContributionEvent } from './contributions';
export type { SignatoryYear } from './contributions';
export { ReferralRepository, appendReferralEvent } from './referrals';
export type { ReferralScope, ReferralStatistics } from './referrals';
export { AnnualReportRepository } from './annual-reports';
export { CodirRepository, appendCodirEvent } from './codirs';
export { MissionSheetRepository, appendMissionSheetEvent } from './mission-sheets';
export { CopilRepository, appendCopilEvent } from './copils';
