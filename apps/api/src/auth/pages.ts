function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** What a person signed in without an account sees: why they can do nothing, and what to do. */
export function noAccountPage(email: string | null): string {
  const who = email ? `<p>Vous êtes connecté·e avec l’adresse <strong>${escapeHtml(email)}</strong>.</p>` : '';
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Aucun compte associé · Subventions politique de la ville</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; color: #161616; background: #f6f6f6; line-height: 1.5; }
  main { max-width: 42rem; margin: 2rem auto; padding: 1.5rem; background: #fff; }
  h1 { font-size: 1.6rem; margin-top: 0; }
  button { font: inherit; padding: .5rem 1rem; border: 2px solid #000091; background: #000091; color: #fff; cursor: pointer; }
  button:focus { outline: 3px solid #0a76f6; outline-offset: 2px; }
</style>
</head>
<body>
<main>
<h1>Aucun compte n’est associé à votre identité</h1>
${who}
<p>Cette plateforme ne vous a attribué aucun rôle : vous ne pouvez consulter ni déposer aucun dossier.
Demandez à l’administrateur ou à l’administratrice de la plateforme de vous inviter avec cette adresse
électronique ; votre prochaine connexion vous donnera alors accès à votre espace.</p>
<form method="post" action="/auth/logout"><button type="submit">Se déconnecter</button></form>
</main>
</body>
</html>`;
}
