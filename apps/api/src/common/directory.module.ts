import { Global, Module } from '@nestjs/common';
import { DirectoryRepository } from '@grants/persistence';
import { repositoryProvider } from './repository.provider';

/** The directory (territories, binômes, associations, funders, accounts), for every module's checks. */
@Global()
@Module({ providers: [repositoryProvider(DirectoryRepository)], exports: [DirectoryRepository] })
export class DirectoryModule {}
