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
export { appendChainedEvent, dayEventHashes, eventByKey, loadChainedEvents } from './event-log';
export type { EventToAppend } from './event-log';
export * from './open-data';
export * from './accounts';
export * from './notifications';
export * from './audit';
export { databaseReachable } from './health';
export { TaskForceRepository, appendTaskForceEvent, rebuildTaskForces } from './task-forces';
export type { TaskForceScope } from './task-forces';
export { ContributionRepository, appendContributionEvent, rebuildContributions } from './contributions';
export type { SignatoryYear } from './contributions';
export { ReferralRepository, appendReferralEvent, rebuildReferrals } from './referrals';
export type { ReferralScope, ReferralStatistics } from './referrals';
export { AnnualReportRepository } from './annual-reports';
export { CodirRepository, appendCodirEvent, rebuildCodirs } from './codirs';
export { MissionSheetRepository, appendMissionSheetEvent, rebuildMissionSheets } from './mission-sheets';
export { CopilRepository, appendCopilEvent, rebuildCopils } from './copils';
