// The language menu (Material's `extra.alternate`) links the page being read in each
// language; the site's build writes those links (hooks/languages.py in this repository).
//
// Material also listens for clicks on the menu: it looks the page up in the sitemap of the
// language whose root prefixes the link, and opens that language's home page when it finds
// none. When one language's root holds another's (`/` and `/zh/`) it can pick the wrong
// sitemap, and without a `site_url` it has none, so it would take the reader home. This
// stops the click there, before Material's handler, and lets the link do what it says,
// keeping the place in the page: anchors are the same in every language (#step-7).
(function () {
  "use strict";
  document.addEventListener(
    "click",
    function (ev) {
      var link = ev.target instanceof Element ? ev.target.closest("a.md-select__link[hreflang]") : null;
      if (!link) return;
      ev.stopPropagation();
      if (location.hash && !link.hash) link.hash = location.hash;
    },
    true
  );
})();
