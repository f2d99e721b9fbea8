import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** The domain event log: append-only (a trigger refuses UPDATE and DELETE). */
@Entity({ name: 'grant_events' })
export class GrantEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: number;
  @Column('text', { name: 'grant_id' }) grantId!: string;
  @Column('int') seq!: number;
  @Column('text') kind!: string;
  @Column('text') type!: string;
  @Column('jsonb') actor!: Record<string, unknown>;
  @Column('jsonb') payload!: Record<string, unknown>;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt!: Date;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt!: Date;
  @Column('text', { name: 'idempotency_key' }) idempotencyKey!: string;
  @Column('text', { name: 'prev_hash' }) prevHash!: string;
  @Column('text') hash!: string;
}

@Entity({ name: 'payment_orders' })
export class PaymentOrderEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'grant_id' }) grantId!: string;
  @Column('bigint', { name: 'amount_cents' }) amountCents!: number;
  @Column('text', { name: 'payee_association_id' }) payeeAssociationId!: string;
  @Column('text', { name: 'binome_id', nullable: true }) binomeId!: string | null;
  @Column('int', { nullable: true }) year!: number | null;
  @Column('text') status!: string;
  @Column('text', { name: 'order_key' }) orderKey!: string;
  @Column('text') purpose!: 'grant' | 'stipend' | 'award_tranche' | 'final_tranche' | 'operating_tranche' | 'coordination';
  @Column('text', { name: 'funder_id', nullable: true }) funderId!: string | null;
  @Column('jsonb', { nullable: true }) split!: { associationId: string; amountCents: number }[] | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}

/** The calls read model: one row per call for projects, projected from its events. */
@Entity({ name: 'calls' })
export class CallEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') title!: string;
  @Column('text') phase!: string;
  @Column('text', { array: true }) themes!: string[];
  @Column('text', { array: true }) territories!: string[];
  @Column('text', { name: 'funder_ids', array: true }) funderIds!: string[];
  @Column('bigint', { name: 'budget_cents' }) budgetCents!: number;
  @Column('boolean', { name: 'paid_preselection' }) paidPreselection!: boolean;
  @Column('timestamptz', { name: 'eoi_deadline' }) eoiDeadline!: Date;
  @Column('timestamptz', { name: 'proposal_deadline' }) proposalDeadline!: Date;
  @Column('int') applications!: number;
  @Column('bigint', { name: 'awarded_cents' }) awardedCents!: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('int', { name: 'last_seq' }) lastSeq!: number;
}

@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyEntity {
  @PrimaryColumn('text') scope!: string;
  @PrimaryColumn('text') key!: string;
  @Column('text', { name: 'request_hash' }) requestHash!: string;
  @Column('text', { name: 'grant_id' }) grantId!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
