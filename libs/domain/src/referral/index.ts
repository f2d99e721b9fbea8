export * from './referral.events';
export * from './referral.policy';
export * from './referral.state';
export * from './referral.rules';
export * from './referral.view';
export * from './referral.notifications';
