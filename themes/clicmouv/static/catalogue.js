// Filtre du catalogue : sans JavaScript, le formulaire reste caché et les
// liens « Parcourir » mènent aux pages par univers, commune et public ; avec
// JavaScript, le formulaire filtre la liste des offres à l'instant, d'après l'index
// offres/index.json. Aucune bibliothèque, aucun appel à un autre site.
(function () {
  const form = document.getElementById('filtres');
  const list = document.getElementById('resultats');
  const count = document.getElementById('nombre-resultats');
  if (!form || !list || !window.fetch) return;
  fetch(form.dataset.index)
    .then((r) => r.json())
    .then((index) => {
      const byUrl = new Map(index.map((o) => [o.url, o]));
      const cards = Array.from(list.querySelectorAll('[data-url]'));
      const matches = (o, f) =>
        (!f.univers || o.univers === f.univers) &&
        (!f.commune || o.commune === f.commune) &&
        (!f.cible || o.cibles.includes(f.cible)) &&
        (!f.age || o.age_min === null || (o.age_min <= f.age && f.age <= o.age_max)) &&
        (!f.prix || (o.prix_seance !== null && o.prix_seance <= f.prix)) &&
        (!f.jour || o.jours.includes(f.jour)) &&
        (!f.accessible || o.accessible);
      const apply = () => {
        const data = new FormData(form);
        const f = {
          univers: data.get('univers'),
          commune: data.get('commune'),
          cible: data.get('cible'),
          age: Number(data.get('age')) || 0,
          prix: data.get('prix') === '' ? 0 : Number(data.get('prix')),
          jour: data.get('jour'),
          accessible: data.get('accessible') === 'oui',
        };
        let shown = 0;
        for (const card of cards) {
          const o = byUrl.get(card.dataset.url);
          const visible = !!o && matches(o, f);
          card.hidden = !visible;
          if (visible) shown += 1;
        }
        for (const section of list.querySelectorAll('section')) {
          section.hidden = !section.querySelector('[data-url]:not([hidden])');
        }
        count.textContent = shown === 0 ? 'Aucune offre ne correspond à ces filtres.'
          : shown === 1 ? '1 offre correspond à ces filtres.' : `${shown} offres correspondent à ces filtres.`;
      };
      form.hidden = false;
      form.addEventListener('input', apply);
      form.addEventListener('reset', () => setTimeout(apply, 0));
      form.addEventListener('submit', (e) => e.preventDefault());
    })
    .catch(() => { /* sans index, le catalogue reste complet */ });
})();
