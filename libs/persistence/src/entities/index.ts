import { AccountEntity, AssociationEntity, BinomeEntity, FunderEntity, TerritoryEntity } from './directory.entity';
import { CallEntity, GrantEventEntity, IdempotencyKeyEntity, PaymentOrderEntity } from './grant.entity';
import { EmailDeliveryEntity, NotificationEntity, NotificationReadEntity } from './notification.entity';

export * from './directory.entity';
export * from './grant.entity';
export * from './notification.entity';

export const ENTITIES = [
  TerritoryEntity,
  AssociationEntity,
  FunderEntity,
  BinomeEntity,
  AccountEntity,
  CallEntity,
  GrantEventEntity,
  PaymentOrderEntity,
  IdempotencyKeyEntity,
  NotificationEntity,
  NotificationReadEntity,
  EmailDeliveryEntity,
];
