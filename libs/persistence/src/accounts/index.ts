export * from './accounts.repository';
export * from './api-keys.repository';
export * from './auth-events.repository';
export * from './preferences.repository';
