import { DEMO_IDENTITIES } from './identities';

const ROLE_LABELS: Record<string, string> = {
  project_lead: 'Cheffe ou chef de projet DSU',
  prefect_delegate: 'Délégué·e du Préfet',
  association: 'Association',
  funder: 'Financeur',
  auditor: 'Audit',
  admin: 'Administration',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
  body { font-family: system-ui, sans-serif; margin: 0; color: #161616; background: #f6f6f6; line-height: 1.5; }
  main { max-width: 46rem; margin: 0 auto; padding: 1.5rem; background: #fff; }
  h1 { font-size: 1.6rem; margin-top: 0; }
  h2 { font-size: 1.2rem; margin-top: 2rem; }
  .notice { border-left: 4px solid #0063cb; padding: .5rem 1rem; background: #eef4fd; }
  .error { border-left: 4px solid #ce0500; padding: .5rem 1rem; background: #fee9e9; }
  ul { list-style: none; padding: 0; }
  li { margin: .25rem 0; }
  button { font: inherit; padding: .5rem 1rem; border: 2px solid #000091; background: #000091; color: #fff; cursor: pointer; }
  button.person { width: 100%; text-align: left; background: #fff; color: #000091; }
  button:focus, input:focus { outline: 3px solid #0a76f6; outline-offset: 2px; }
  label { display: block; font-weight: 600; }
  input { font: inherit; padding: .5rem; width: 100%; max-width: 24rem; border: 1px solid #3a3a3a; }
  .role { color: #3a3a3a; font-size: .9rem; }
`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Fournisseur d'identité de démonstration</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

/** The demo sign-in page: every demo person, and any other e-mail (an invited person, or someone with no account). */
export function loginPage(uid: string, clientName: string, error?: string): string {
  const people = DEMO_IDENTITIES.map(
    ({ identity, label, role }) => `<li><form method="post" action="/interaction/${uid}/login">
      <input type="hidden" name="email" value="${escapeHtml(identity.email)}">
      <button class="person" type="submit">${escapeHtml(label)} <span class="role">(${escapeHtml(ROLE_LABELS[role] ?? role)}, ${escapeHtml(identity.email)})</span></button>
    </form></li>`,
  ).join('\n');
  return page(
    'Se connecter',
    `<h1>Se connecter à ${escapeHtml(clientName)}</h1>
    <p class="notice">Fournisseur d'identité de démonstration : il ne vérifie aucun mot de passe. En production, la plateforme
    utilise ProConnect ou le fournisseur d'identité de votre organisation.</p>
    ${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
    <h2>Comptes de démonstration</h2>
    <ul>${people}</ul>
    <h2>Une autre adresse</h2>
    <form method="post" action="/interaction/${uid}/login">
      <label for="email">Adresse électronique</label>
      <input id="email" name="email" type="email" autocomplete="email" required>
      <p><button type="submit">Se connecter avec cette adresse</button></p>
    </form>`,
  );
}

/** The provider's sign-out confirmation: one button, submitted by itself when scripts run. */
export function logoutPage(form: string): string {
  return page(
    'Se déconnecter',
    `<h1>Se déconnecter</h1>
    ${form}
    <p>Vous quittez aussi le fournisseur d'identité de démonstration.</p>
    <button type="submit" form="op.logoutForm" name="logout" value="yes">Se déconnecter</button>`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}
