export * from './task-force.events';
export * from './task-force.policy';
export * from './task-force.state';
export * from './task-force.rules';
export * from './task-force.view';
export * from './task-force.notifications';
