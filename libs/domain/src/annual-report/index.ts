export * from './annual-report.rules';
