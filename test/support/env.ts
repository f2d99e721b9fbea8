/** The services `npm test` started for this run (throwaway ports and folders). */
export function testEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suites through \`npm test\`, which starts PostgreSQL and Temporal`);
  return value;
}

export const DATABASE_URL = () => testEnv('DATABASE_URL');
export const TEMPORAL_ADDRESS = () => testEnv('TEMPORAL_ADDRESS');
export const JWT_SECRET = () => testEnv('JWT_SECRET');
