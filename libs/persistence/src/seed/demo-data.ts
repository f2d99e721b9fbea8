import { DEFAULT_ENVELOPE_POLICY, Role } from '@grants/domain';
import { binomeIdOf } from '@grants/contracts';

/** The demo directory of Seine-Saint-Denis: four territories (EPT), their binômes, associations, funders. */
export const TERRITORIES = [
  { id: 'plaine-commune', name: 'Plaine Commune', department: '93' },
  { id: 'paris-terres-d-envol', name: "Paris Terres d'Envol", department: '93' },
  { id: 'est-ensemble', name: 'Est Ensemble', department: '93' },
  { id: 'grand-paris-grand-est', name: 'Grand Paris Grand Est', department: '93' },
] as const;

export const BINOMES = TERRITORIES.map((t) => ({
  id: binomeIdOf(t.id),
  territoryId: t.id,
  envelopeTotalCents: DEFAULT_ENVELOPE_POLICY.totalCents,
  ceilingCents: DEFAULT_ENVELOPE_POLICY.ceilingCents,
  /** The State's politique de la ville credits (the prefect delegate is the State's half of the binôme). */
  funderId: 'funder-etat-93',
}));

export const ASSOCIATIONS = [
  {
    id: 'assoc-francs-moisins',
    name: 'Les Ateliers des Francs-Moisins',
    siret: '79511522612904',
    themes: ['lien social', 'culture'],
    territories: ['plaine-commune'],
    proximity: 'local',
  },
  {
    id: 'assoc-femmes-relais-93',
    name: 'Femmes Relais 93',
    siret: '71956113372947',
    themes: ['accès aux droits', 'santé'],
    territories: ['plaine-commune', 'est-ensemble'],
    proximity: 'local',
  },
  {
    id: 'assoc-jeunesse-aubervilliers',
    name: 'Jeunesse en Mouvement Aubervilliers',
    siret: '35371102911140',
    themes: ['jeunesse', 'sport'],
    territories: ['plaine-commune'],
    proximity: 'local',
  },
  {
    id: 'assoc-cite-des-savoirs',
    name: 'La Cité des Savoirs',
    siret: '49396257176284',
    themes: ['éducation', 'numérique'],
    territories: ['paris-terres-d-envol'],
    proximity: 'local',
  },
  {
    id: 'assoc-envol-emploi',
    name: 'Envol Emploi',
    siret: '31459180480684',
    themes: ['emploi', 'insertion'],
    territories: ['paris-terres-d-envol', 'grand-paris-grand-est'],
    proximity: 'local',
  },
  {
    id: 'assoc-jardins-montreuil',
    name: 'Les Jardins Partagés de Montreuil',
    siret: '89700862848248',
    themes: ['environnement', 'lien social'],
    territories: ['est-ensemble'],
    proximity: 'local',
  },
  {
    id: 'assoc-bondy-culture',
    name: 'Bondy Culture Vivante',
    siret: '50502153708593',
    themes: ['culture', 'jeunesse'],
    territories: ['est-ensemble'],
    proximity: 'local',
  },
  {
    id: 'assoc-clichy-solidaire',
    name: 'Clichy-Montfermeil Solidaire',
    siret: '36598642040688',
    themes: ['accès aux droits', 'lien social'],
    territories: ['grand-paris-grand-est'],
    proximity: 'local',
  },
  {
    id: 'assoc-reseau-national-mediation',
    name: 'Réseau National de Médiation Sociale',
    siret: '38570589500998',
    themes: ['médiation', 'accès aux droits'],
    territories: ['plaine-commune', 'paris-terres-d-envol', 'est-ensemble', 'grand-paris-grand-est'],
    proximity: 'national',
  },
  {
    id: 'assoc-sport-pour-tous',
    name: 'Sport pour Tous France',
    siret: '41804127817761',
    themes: ['sport', 'santé', 'jeunesse'],
    territories: ['plaine-commune', 'est-ensemble', 'grand-paris-grand-est'],
    proximity: 'national',
  },
  {
    id: 'assoc-numerique-inclusif',
    name: 'Numérique Inclusif',
    siret: '89268237076242',
    themes: ['numérique', 'insertion'],
    territories: ['paris-terres-d-envol', 'grand-paris-grand-est'],
    proximity: 'national',
  },
] as const;

/** Funders, each with a SIRET of the right form and checksum (fictitious: the demo is not the real bodies' register). */
export const FUNDERS = [
  { id: 'funder-etat-93', name: 'Préfecture de la Seine-Saint-Denis (État)', kind: 'state', siret: '13000121000009' },
  { id: 'funder-caf-93', name: 'CAF de la Seine-Saint-Denis', kind: 'family_allowance', siret: '22930001000001' },
  { id: 'funder-rectorat-creteil', name: 'Rectorat de Créteil', kind: 'education', siret: '17000411000004' },
  { id: 'funder-bailleur-seine-saint-denis-habitat', name: 'Seine-Saint-Denis Habitat', kind: 'social_landlord', siret: '27930001000006' },
] as const;

export interface DemoAccount {
  id: string;
  role: Role;
  orgId?: string;
  territoryId?: string;
  displayName: string;
  email: string;
}

export const ACCOUNTS: DemoAccount[] = [
  ...TERRITORIES.flatMap((t) => [
    {
      id: `pl-${t.id}`,
      role: 'project_lead' as const,
      territoryId: t.id,
      displayName: `Cheffe de projet DSU, ${t.name}`,
      email: `dsu.${t.id}@demo.grants.local`,
    },
    {
      id: `pd-${t.id}`,
      role: 'prefect_delegate' as const,
      territoryId: t.id,
      displayName: `Délégué du Préfet, ${t.name}`,
      email: `prefet.${t.id}@demo.grants.local`,
    },
  ]),
  ...ASSOCIATIONS.map((a) => ({
    id: `user-${a.id}`,
    role: 'association' as const,
    orgId: a.id,
    displayName: a.name,
    email: `contact@${a.id}.demo.grants.local`,
  })),
  ...FUNDERS.map((f) => ({ id: `user-${f.id}`, role: 'funder' as const, orgId: f.id, displayName: f.name, email: `subventions@${f.id}.demo.grants.local` })),
  { id: 'auditor-demo', role: 'auditor', displayName: 'Auditrice (démo)', email: 'audit@demo.grants.local' },
  { id: 'admin-demo', role: 'admin', displayName: 'Administrateur (démo)', email: 'admin@demo.grants.local' },
];
