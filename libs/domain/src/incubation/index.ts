export * from './incubation.rules';
export * from './incubation.events';
export * from './incubation.view';
export * from './incubation.notifications';
export * from './incubation.state';
