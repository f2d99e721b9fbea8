import 'reflect-metadata';
import { types } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { Foundation1764000000000 } from './migrations/1764000000000-foundation';
import { Audit1764100000000 } from './migrations/1764100000000-audit';
import { ReadModelIndexes1764200000000 } from './migrations/1764200000000-read-model-indexes';
import { Calls1764300000000 } from './migrations/1764300000000-calls';
import { Anchoring1764400000000 } from './migrations/1764400000000-anchoring';
import { Incubation1764500000000 } from './migrations/1764500000000-incubation';
import { Webhooks1764600000000 } from './migrations/1764600000000-webhooks';
import { SignIn1764700000000 } from './migrations/1764700000000-sign-in';
import { BinomeFunders1764800000000 } from './migrations/1764800000000-binome-funders';
import { EmailRetries1764900000000 } from './migrations/1764900000000-email-retries';
import { WebhookDispatch1765000000000 } from './migrations/1765000000000-webhook-dispatch';
import { OpenData1765100000000 } from './migrations/1765100000000-open-data';
import { ArchiverCheckpoints1765200000000 } from './migrations/1765200000000-archiver-checkpoints';
import { TaskForces1765300000000 } from './migrations/1765300000000-task-forces';
import { Contributions1765400000000 } from './migrations/1765400000000-contributions';
import { Referrals1765500000000 } from './migrations/1765500000000-referrals';
import { Codirs1765600000000 } from './migrations/1765600000000-codirs';
import { MissionSheets1765700000000 } from './migrations/1765700000000-mission-sheets';
import { Copils1765800000000 } from './migrations/1765800000000-copils';
import { ReplayVerdicts1765900000000 } from './migrations/1765900000000-replay-verdicts';

// bigint columns hold cents: parse them as numbers (every amount fits in 2^53).
types.setTypeParser(types.builtins.INT8, (value: string) => Number(value));

export const MIGRATIONS = [
  Foundation1764000000000,
  Audit1764100000000,
  ReadModelIndexes1764200000000,
  Calls1764300000000,
  Anchoring1764400000000,
  Incubation1764500000000,
  Webhooks1764600000000,
  SignIn1764700000000,
  BinomeFunders1764800000000,
  EmailRetries1764900000000,
  WebhookDispatch1765000000000,
  OpenData1765100000000,
  ArchiverCheckpoints1765200000000,
  TaskForces1765300000000,
  Contributions1765400000000,
  Referrals1765500000000,
  Codirs1765600000000,
  MissionSheets1765700000000,
  Copils1765800000000,
  ReplayVerdicts1765900000000,
];

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: ['error'],
    extra: { max: poolSize, connectionTimeoutMillis: 5000 },
  };
}

/** The one data source for the TypeORM CLI (`typeorm migration:run -d dist/libs/persistence/src/data-source.js`). */
export default new DataSource(dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://localhost/grants'));
