import { Module } from '@nestjs/common';
import { InboxRepository, WebhookEndpointsRepository } from '../../../../libs/persistence/src';
import { repositoryProvider } from '../common/repository.provider';
import { TemporalModule } from '../common/temporal';
import { NotificationsController } from './notifications.controller';
import { WebhooksController } from './webhooks.controller';

/** The in-app inbox, notification preferences and signed webhooks. */
@Module({
  imports: [TemporalModule],
  controllers: [NotificationsController, WebhooksController],
  providers: [repositoryProvider(InboxRepository), repositoryProvider(WebhookEndpointsRepository)],
})
export class NotificationsModule {}
