import { Module } from '@nestjs/common';
import { InboxRepository, WebhookEndpointsRepository } from '@grants/persistence';
import { repositoryProvider } from '../common/repository.provider';
import { TemporalModule } from '../common/temporal';
import { NotificationsController } from './notifications.controller';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** The in-app inbox and signed webhooks (preferences are the account's: see AccountsModule). */
@Module({
  imports: [TemporalModule],
  controllers: [NotificationsController, WebhooksController],
  providers: [repositoryProvider(InboxRepository), repositoryProvider(WebhookEndpointsRepository), WebhooksService],
})
export class NotificationsModule {}
