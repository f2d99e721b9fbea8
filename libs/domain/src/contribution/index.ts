export * from './contribution.events';
export * from './contribution.policy';
export * from './contribution.state';
export * from './contribution.rules';
export * from './contribution.view';
export * from './contribution.notifications';
