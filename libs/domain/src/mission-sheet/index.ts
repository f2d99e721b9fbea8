export * from './mission-sheet.events';
export * from './mission-sheet.policy';
export * from './mission-sheet.state';
export * from './mission-sheet.rules';
export * from './mission-sheet.view';
export * from './mission-sheet.notifications';
