import { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A repository of libs/persistence as a Nest provider, injected by its class, on the one data source. */
export function repositoryProvider<T>(type: new (db: DataSource) => T): Provider {
  return { provide: type, useFactory: (db: DataSource) => new type(db), inject: [DataSource] };
}
