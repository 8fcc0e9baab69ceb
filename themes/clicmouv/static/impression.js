// Documents à imprimer : un bouton « Imprimer » quand JavaScript est là.
for (const b of document.querySelectorAll('[data-imprimer]')) {
  b.hidden = false;
  b.addEventListener('click', () => window.print());
}
