export * from './anchoring.rules';
export * from './anchoring.events';
export * from './anchoring.view';
export * from './anchoring.notifications';
export * from './anchoring.state';
