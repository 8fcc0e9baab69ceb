// Recueils à imprimer : le navigateur les met lui-même en pages A4 (en-têtes
// et pieds courants, « page X / Y », voir partials/pages-courantes.html).
// Ce qu'il ne sait pas faire, c'est donner dans le sommaire la page où
// commence chaque entrée : paged.js met en pages une copie cachée du
// document, ce script y lit la page de chaque entrée, l'écrit dans le
// sommaire, puis retire la copie et les styles de paged.js. Le document
// imprimé reste celui du navigateur (paged.js 0.4.3 imprimé par Chromium
// perd des pages d'une fois sur l'autre ; la mise en pages du navigateur est
// stable). Sans JavaScript, le sommaire garde les numéros prévus à la
// construction (une page par fiche).
(function () {
  window.PagedConfig = { auto: false };

  function feuilles() {
    var liste = [];
    document.querySelectorAll('link[rel="stylesheet"], style').forEach(function (el) {
      if (el.tagName === 'LINK') {
        liste.push(el.href);
      } else {
        var o = {};
        o[window.location.href] = el.textContent;
        liste.push(o);
      }
    });
    return liste;
  }

  function fini() {
    document.documentElement.dataset.pagination = 'faite';
  }

  async function paginer() {
    // Sur papier, toutes les images : aucune n'attend d'être vue à l'écran.
    document.querySelectorAll('img[loading="lazy"]').forEach(function (img) { img.loading = 'eager'; });
    var main = document.querySelector('main');
    var sommaire = document.querySelectorAll('.sommaire-recueil a[href^="#"]');
    if (!main || !sommaire.length || !window.PagedPolyfill) return fini();
    var modele = document.createElement('template');
    modele.innerHTML = main.outerHTML;
    var copie = document.createElement('div');
    copie.setAttribute('aria-hidden', 'true');
    copie.style.cssText = 'position:absolute; left:-100000px; top:0; visibility:hidden;';
    document.body.appendChild(copie);
    try {
      await window.PagedPolyfill.preview(modele.content, feuilles(), copie);
      // Combien de pages la copie a faites : ce que le PDF doit avoir.
      document.documentElement.dataset.pages = String(copie.querySelectorAll('.pagedjs_page').length);
      sommaire.forEach(function (a) {
        var id = decodeURIComponent(a.getAttribute('href').slice(1));
        var cible = copie.querySelector('#' + CSS.escape(id));
        var page = cible && cible.closest('.pagedjs_page');
        if (!page) return;
        var n = page.dataset.pageNumber;
        a.dataset.page = n;
        var li = a.closest('li');
        var affiche = li && li.querySelector('.page-numero');
        if (affiche) affiche.textContent = 'page ' + n;
      });
    } finally {
      copie.remove();
      document.querySelectorAll('style[data-pagedjs-inserted-styles]').forEach(function (s) { s.remove(); });
      fini();
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', paginer);
  } else {
    paginer();
  }
})();
