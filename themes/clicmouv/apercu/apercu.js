// Aperçu de « kitpress serve » (jamais dans le site construit) : la page se
// recharge quand une sauvegarde l'a changée (et seulement alors), à la même position de lecture ;
// quand une sauvegarde casse quelque chose, les erreurs s'affichent par-dessus
// la dernière version réussie, avec fichier, ligne et piste de correction, et
// disparaissent une fois le fichier corrigé.
(function () {
  const KEY = 'kitpress-defilement:' + location.pathname;
  const saved = sessionStorage.getItem(KEY);
  if (saved !== null) {
    sessionStorage.removeItem(KEY);
    window.addEventListener('load', () => window.scrollTo(0, Number(saved)));
  }
  let version = null;
  function show(erreurs) {
    let box = document.getElementById('kitpress-erreurs');
    if (!erreurs.length) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement('section');
      box.id = 'kitpress-erreurs';
      box.setAttribute('role', 'alert');
      box.setAttribute('aria-label', 'Erreurs de la dernière sauvegarde');
      box.style.cssText = 'position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;' +
        'background:#fff;color:#1b1b1b;border-top:6px solid #a00;padding:1rem 1.5rem;font:16px/1.5 system-ui,sans-serif;' +
        'box-shadow:0 -4px 16px rgba(0,0,0,.25)';
      document.body.appendChild(box);
    }
    const title = document.createElement('h2');
    title.style.cssText = 'margin:0 0 .5rem;font-size:1.1rem;color:#a00';
    title.textContent = erreurs.length === 1
      ? 'Une erreur : la dernière sauvegarde n’a pas pu être construite. La page montre la dernière version réussie.'
      : erreurs.length + ' erreurs : la dernière sauvegarde n’a pas pu être construite. La page montre la dernière version réussie.';
    const list = document.createElement('ul');
    list.style.cssText = 'margin:0;padding-left:1.25rem';
    for (const e of erreurs) {
      const item = document.createElement('li');
      const where = document.createElement('code');
      where.textContent = e.fichier + (e.ligne ? ':' + e.ligne : '') + (e.cle ? ' [' + e.cle + ']' : '');
      item.append(where, ' — ' + e.message);
      if (e.aide) {
        const hint = document.createElement('div');
        hint.textContent = 'Piste : ' + e.aide;
        item.append(hint);
      }
      list.append(item);
    }
    box.replaceChildren(title, list);
  }
  // Each page follows its own version: it reloads when a save changed it.
  const source = new EventSource('/__kitpress/evenements?page=' + encodeURIComponent(location.pathname));
  source.onmessage = (message) => {
    const etat = JSON.parse(message.data);
    if (version !== null && etat.version !== version) {
      sessionStorage.setItem(KEY, String(window.scrollY));
      location.reload();
      return;
    }
    version = etat.version;
    show(etat.erreurs);
  };
})();
