// The language menu (Material's `extra.alternate`) goes to the page being read, in the
// other language, instead of that language's home page.
//
// Each language is its own build under its own root (this site: `/` and `/zh/`), with the
// same pages at the same paths below it. A menu entry links a language's root; this script
// keeps that root and points the entry at the same path under it. Material does this only
// when no language's root is a prefix of another's, and Zensical not at all. On a click it
// asks the server whether the page exists there (a hand-written page may be untranslated)
// and falls back to that language's home page.
(function () {
  "use strict";

  function siteRoot() {
    // Material and Zensical both write the relative path to the site root into #__config.
    var base = ".";
    var config = document.getElementById("__config");
    if (config) {
      try {
        base = JSON.parse(config.textContent).base || ".";
      } catch (e) {
        base = ".";
      }
    }
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  function relink() {
    var here = new URL(location.href);
    var root = siteRoot();
    if (here.origin !== root.origin || here.pathname.indexOf(root.pathname) !== 0) return;
    var rest = here.pathname.slice(root.pathname.length);
    var links = document.querySelectorAll("a[hreflang]");
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      if (!link.hasAttribute("data-st-root")) {
        // The href as rendered links the language's root, relative to this very page.
        link.setAttribute("data-st-root", link.href);
      }
      var target = new URL(rest, link.getAttribute("data-st-root"));
      target.hash = here.hash;
      link.href = target.href;
    }
  }

  document.addEventListener(
    "click",
    function (ev) {
      var link = ev.target instanceof Element ? ev.target.closest("a[data-st-root]") : null;
      if (!link || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
      if (location.protocol === "file:" || !window.fetch) return;
      // Before the theme's own handler, which would open the language's home page.
      ev.preventDefault();
      ev.stopPropagation();
      var target = link.href;
      var home = link.getAttribute("data-st-root");
      fetch(target, { method: "HEAD" }).then(
        function (response) {
          location.assign(response.ok ? target : home);
        },
        function () {
          location.assign(home);
        }
      );
    },
    true
  );

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(relink); // every page of instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", relink);
  } else {
    relink();
  }
  window.addEventListener("hashchange", relink);
})();
