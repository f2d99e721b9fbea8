export * from './call.policy';
export * from './proposal.rules';
export * from './call.rules';
export * from './application.rules';
export * from './application.state';
export * from './call.events';
export * from './call.view';
export * from './call.notifications';
