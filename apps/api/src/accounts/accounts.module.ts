import { Global, Module } from '@nestjs/common';
import { AccountsRepository, ApiKeysRepository, AuthEventsRepository, PreferencesRepository } from '@grants/persistence';
import { AuthController } from '../auth/auth.controller';
import { OidcService } from '../auth/oidc.service';
import { repositoryProvider as repository } from '../common/repository.provider';
import { AccountChangeFeed } from './account-changes';
import { AccountsController, ApiKeysController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { PreferencesController } from './preferences.controller';
import { ApiKeysService } from './api-keys.service';

/** Accounts, their API keys and notification preferences, sign-in and sessions: what the guard needs to know who calls. */
@Global()
@Module({
  controllers: [AuthController, AccountsController, ApiKeysController, PreferencesController],
  providers: [
    repository(AccountsRepository),
    repository(ApiKeysRepository),
    repository(AuthEventsRepository),
    repository(PreferencesRepository),
    AccountChangeFeed,
    AccountsService,
    ApiKeysService,
    OidcService,
  ],
  exports: [AccountsService, ApiKeysService, PreferencesRepository],
})
export class AccountsModule {}
