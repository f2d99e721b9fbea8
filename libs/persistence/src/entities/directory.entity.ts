import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'territories' })
export class TerritoryEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('text') department!: string;
}

@Entity({ name: 'associations' })
export class AssociationEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('text') siret!: string;
  @Column('text', { array: true }) themes!: string[];
  @Column('text', { array: true }) territories!: string[];
  @Column('text') proximity!: 'local' | 'national';
  /** The association's number in the national register of associations (W + 9 digits), when known. */
  @Column('text', { nullable: true }) rna!: string | null;
}

@Entity({ name: 'funders' })
export class FunderEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('text') kind!: string;
  /** The attribuant's identifier in open data (SCDL `idAttribuant`); null until the directory has it. */
  @Column('text', { nullable: true }) siret!: string | null;
}

@Entity({ name: 'binomes' })
export class BinomeEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'territory_id' }) territoryId!: string;
  @Column('bigint', { name: 'envelope_total_cents' }) envelopeTotalCents!: number;
  @Column('bigint', { name: 'ceiling_cents' }) ceilingCents!: number;
  /** Whose money the envelope is (the State's, in the demo): it hears of the micro-grants' payment orders. */
  @Column('text', { name: 'funder_id', nullable: true }) funderId!: string | null;
  /** The most one association may hold in a year's envelope (fair use); null: a third of the envelope. */
  @Column('bigint', { name: 'association_cap_cents', nullable: true }) associationCapCents!: number | null;
}

@Entity({ name: 'accounts' })
export class AccountEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') role!: string;
  @Column('text', { name: 'org_id', nullable: true }) orgId!: string | null;
  @Column('text', { name: 'territory_id', nullable: true }) territoryId!: string | null;
  @Column('text', { name: 'display_name' }) displayName!: string;
  @Column('text', { nullable: true }) email!: string | null;
}
