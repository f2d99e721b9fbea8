export * from './copil.events';
export * from './copil.policy';
export * from './copil.state';
export * from './copil.rules';
export * from './copil.view';
export * from './copil.notifications';
