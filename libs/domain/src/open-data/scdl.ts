import { isValidSiret } from '../siret';
import { ConventionFields } from './open-data.rules';

/** The SCDL "Subventions" 2.1.1 columns, in the order of the schema (a file's header). */
export const SCDL_COLUMNS = [
  'nomAttribuant',
  'idAttribuant',
  'dateConvention',
  'referenceDecision',
  'nomBeneficiaire',
  'idBeneficiaire',
  'rnaBeneficiaire',
  'objet',
  'montant',
  'nature',
  'conditionsVersement',
  'datesPeriodeVersement',
  'idRAE',
  'notificationUE',
  'pourcentageSubvention',
  'dispositifAide',
] as const;

export type ScdlColumn = (typeof SCDL_COLUMNS)[number];

/** One published row: every column as the CSV writes it (empty string: no value). */
export type ScdlRecord = Record<ScdlColumn, string>;

/** Who grants (from the directory) and what the funder's programme says. */
export interface Attribuant {
  name: string;
  siret: string | null;
  /** `dispositifAide`: the programme's identifier, when configured. */
  programmeId?: string | null;
  /** `notificationUE`: the aid was notified to the European Commission (state aid); no by default. */
  notifiedToEu?: boolean;
}

/** Why a funder cannot publish (no SIRET, or one that fails the checksum), or null. */
export function attribuantProblem(attribuant: Attribuant): string | null {
  if (!attribuant.siret)
    return `the funder ${attribuant.name} has no SIRET in the directory: an administrator sets it (PATCH /funders/:id) before anything is published`;
  if (!isValidSiret(attribuant.siret))
    return `the funder ${attribuant.name}'s SIRET ${attribuant.siret} is not a valid SIRET (14 digits with a valid checksum): an administrator corrects it (PATCH /funders/:id) before anything is published`;
  return null;
}

export function scdlRecord(fields: ConventionFields, attribuant: Attribuant): ScdlRecord {
  return {
    nomAttribuant: attribuant.name,
    idAttribuant: attribuant.siret ?? '',
    dateConvention: fields.dateConvention,
    referenceDecision: fields.referenceDecision,
    nomBeneficiaire: fields.nomBeneficiaire,
    idBeneficiaire: fields.idBeneficiaire,
    rnaBeneficiaire: fields.rnaBeneficiaire,
    objet: fields.objet,
    montant: fields.montant,
    nature: fields.nature,
    conditionsVersement: fields.conditionsVersement,
    datesPeriodeVersement: fields.datesPeriodeVersement,
    idRAE: '',
    notificationUE: attribuant.notifiedToEu ? 'oui' : 'non',
    pourcentageSubvention: fields.pourcentageSubvention,
    dispositifAide: attribuant.programmeId ?? '',
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const NATURES = ['aide en numéraire', 'aide en nature', 'aide en numéraire;aide en nature', 'aide en nature;aide en numéraire'];

/** What keeps a record from validating against the SCDL 2.1.1 schema (and both SIRET checksums), or an empty list. */
export function scdlProblems(r: ScdlRecord): string[] {
  const problems: string[] = [];
  const required: ScdlColumn[] = [
    'nomAttribuant',
    'idAttribuant',
    'dateConvention',
    'nomBeneficiaire',
    'objet',
    'montant',
    'nature',
    'conditionsVersement',
    'datesPeriodeVersement',
    'notificationUE',
    'pourcentageSubvention',
  ];
  for (const column of required) if (!r[column]) problems.push(`${column} is required`);
  if (r.idAttribuant && !isValidSiret(r.idAttribuant)) problems.push(`idAttribuant ${r.idAttribuant} is not a valid SIRET`);
  if (r.idBeneficiaire && !isValidSiret(r.idBeneficiaire)) problems.push(`idBeneficiaire ${r.idBeneficiaire} is not a valid SIRET`);
  if (r.rnaBeneficiaire && !/^W\d{9}$/.test(r.rnaBeneficiaire)) problems.push(`rnaBeneficiaire ${r.rnaBeneficiaire} is not an RNA number (W and 9 digits)`);
  if (r.dateConvention && (!DAY.test(r.dateConvention) || Number.isNaN(Date.parse(r.dateConvention)))) problems.push('dateConvention is not a date');
  for (const column of ['objet', 'conditionsVersement'] as const) if (r[column].length > 256) problems.push(`${column} is longer than 256 characters`);
  if (r.montant && !/^\d+(\.\d+)?$/.test(r.montant)) problems.push('montant is not an amount in euros with a decimal point');
  if (r.nature && !NATURES.includes(r.nature)) problems.push(`nature ${r.nature} is not one of the SCDL's`);
  if (r.datesPeriodeVersement && !/^\d{4}-\d{2}-\d{2}(\/\d{4}-\d{2}-\d{2})?$/.test(r.datesPeriodeVersement))
    problems.push('datesPeriodeVersement is not a date or a period');
  if (r.idRAE.length > 5) problems.push('idRAE is longer than 5 characters');
  if (!['oui', 'non'].includes(r.notificationUE)) problems.push('notificationUE is oui or non');
  const share = Number(r.pourcentageSubvention);
  if (r.pourcentageSubvention && !(share >= 0.01 && share <= 1)) problems.push('pourcentageSubvention is between 0.01 and 1');
  return problems;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A dataset as SCDL publishes it: UTF-8, comma-separated, the header in the schema's order, CRLF line ends. */
export function scdlCsv(records: readonly ScdlRecord[]): string {
  const lines = [SCDL_COLUMNS.join(','), ...records.map((r) => SCDL_COLUMNS.map((c) => csvField(r[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** A record as JSON: every column, in order; numbers as numbers, null where the CSV has an empty cell. */
export function scdlJson(record: ScdlRecord): Record<ScdlColumn, string | number | null> {
  const out = {} as Record<ScdlColumn, string | number | null>;
  for (const column of SCDL_COLUMNS) {
    const value = record[column];
    out[column] = value === '' ? null : column === 'montant' || column === 'pourcentageSubvention' ? Number(value) : value;
  }
  return out;
}
