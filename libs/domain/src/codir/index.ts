export * from './codir.events';
export * from './codir.policy';
export * from './codir.state';
export * from './codir.rules';
export * from './codir.view';
export * from './codir.notifications';
