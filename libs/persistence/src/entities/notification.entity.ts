import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** An in-app notification, addressed to an audience (an organisation, or a role in a territory). */
@Entity({ name: 'notifications' })
export class NotificationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: number;
  @Column('text') audience!: string;
  @Column('text', { name: 'grant_id', nullable: true }) grantId!: string | null;
  @Column('text', { name: 'event_type' }) eventType!: string;
  @Column('text') subject!: string;
  @Column('text') body!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('text', { name: 'dedupe_key' }) dedupeKey!: string;
}

@Entity({ name: 'notification_reads' })
export class NotificationReadEntity {
  @PrimaryColumn('bigint', { name: 'notification_id' }) notificationId!: number;
  @PrimaryColumn('text', { name: 'account_id' }) accountId!: string;
  @Column('timestamptz', { name: 'read_at' }) readAt!: Date;
}

@Entity({ name: 'email_deliveries' })
export class EmailDeliveryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: number;
  @Column('bigint', { name: 'notification_id' }) notificationId!: number;
  @Column('text') address!: string;
  @Column('text') status!: 'pending' | 'sent' | 'failed';
  @Column('int') attempts!: number;
  @Column('text', { name: 'last_error', nullable: true }) lastError!: string | null;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt!: Date | null;
}
