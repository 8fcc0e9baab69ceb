// Boutons « Copier » du kit de diffusion. Sans JavaScript, chaque texte
// reste sélectionnable dans son champ ; avec, un bouton le copie dans le
// presse-papiers et l'annonce aux lecteurs d'écran.
(function () {
  const status = document.getElementById('etat-copie');
  if (!navigator.clipboard || !status) return;
  document.querySelectorAll('textarea[data-copier]').forEach((area) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'bouton-copier';
    button.textContent = 'Copier';
    button.setAttribute('aria-label', 'Copier le texte ' + area.dataset.copier);
    button.addEventListener('click', () => {
      navigator.clipboard.writeText(area.value).then(
        () => {
          button.textContent = 'Copié ✓';
          status.textContent = 'Texte ' + area.dataset.copier + ' copié.';
          setTimeout(() => { button.textContent = 'Copier'; }, 2000);
        },
        () => {
          area.select();
          status.textContent = 'Copie refusée par le navigateur : le texte est sélectionné, copiez-le avec Ctrl+C.';
        }
      );
    });
    area.after(button);
  });
})();
