import { Page } from '../components/page';
import { useI18n } from '../i18n';

/** The accessibility statement (RGAA 4.1): honest about the conformity, which has not been audited. */
export function AccessibilityPage() {
  const { t } = useI18n();
  return (
    <Page title={t('a11y.title')}>
      <p>
        La plateforme « Subventions politique de la ville » s’engage à rendre son service accessible, conformément à l’article 47 de la loi n° 2005-102 du 11
        février 2005, au référentiel général d’amélioration de l’accessibilité (RGAA) version 4.1.
      </p>
      <h2>État de conformité</h2>
      <p>
        Le service est <strong>non conforme</strong> au RGAA 4.1 : aucun audit de conformité n’a encore été réalisé. Chaque page est vérifiée automatiquement
        (axe-core, critères WCAG 2.1 niveaux A et AA) à 1280 et 320 pixels de large, et le parcours de demande d’une micro-subvention est testé au clavier seul
        ; ces vérifications ne remplacent pas un audit.
      </p>
      <h2>Contenus non accessibles</h2>
      <p>Les contenus non accessibles seront listés ici à l’issue du premier audit.</p>
      <h2>Retour d’information et contact</h2>
      <p>
        Si vous n’arrivez pas à accéder à un contenu ou à un service, contactez l’administration de la plateforme pour être orienté·e vers une alternative
        accessible ou obtenir le contenu sous une autre forme.
      </p>
      <h2>Voies de recours</h2>
      <p>
        Si vous constatez un défaut d’accessibilité vous empêchant d’accéder à un contenu ou à une fonctionnalité du site, que vous nous le signalez et que vous
        ne parvenez pas à obtenir une réponse rapide, vous êtes en droit de saisir le Défenseur des droits.
      </p>
    </Page>
  );
}
