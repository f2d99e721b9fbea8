export * from './envelope.rules';
export * from './micro-grant.rules';
export * from './micro-grant.events';
export * from './micro-grant.view';
export * from './micro-grant.notifications';
export * from './micro-grant.state';
