/* stacktour: progressive enhancement of diagrams and stack pages.
 *
 * Without this script every page is complete: arrows link to #step-N, participants and
 * map nodes to layer pages, the walkthrough holds every excerpt, and a stack drawn at
 * several levels of detail shows its default level. With it:
 *  - every diagram, sequence or map, sits in a viewer. A diagram wider than the text
 *    column takes the room of the window; it scrolls sideways with a scrollbar kept on
 *    screen, zooms, fits (never below a readable text size: MIN_TEXT) and goes full
 *    screen. A sequence diagram keeps its participant header in view;
 *  - a stack drawn at several levels of detail gets a switcher; the choice is kept for
 *    the page in localStorage, and a link may name a level (?level=ID);
 *  - on a stack page, ← / → and Prev / Next walk through the steps: the arrow is
 *    highlighted, a dock under the diagram shows the step's excerpt and its call stack,
 *    and the URL follows (#step-N).
 * Plain ES2017, no dependencies. Runs on every page load: on Material's page event
 * (document$, which instant navigation fires per page) or, where that never comes (a
 * site opened from disk), once the document is parsed; and undoes itself before the next.
 */
(function () {
  "use strict";

  var ZOOMS = [0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2];
  var STEP_ID = /^step-(\d+(?:\.\d+)*)$/;
  var STEP_HASH = /^#step-([^\s/?#]+)$/;
  // The smallest diagram text, in CSS px, that the default view and "Fit" allow.
  var MIN_TEXT = { sequence: 10, map: 11 };
  // Room kept free at the window's sides when a diagram leaves its column, in px.
  var EDGE = 8;
  var LEVEL_PARAM = "level";
  var SVG_NS = "http://www.w3.org/2000/svg";

  /* Small helpers ------------------------------------------------------------ */

  // The build's words for `message` (messages.js, from stacktour's catalogue; English
  // when it has none), with each {name} replaced by values[name].
  function t(message, values) {
    var table = window.stacktourMessages || {};
    var text = Object.prototype.hasOwnProperty.call(table, message) ? table[message] : message;
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return values && name in values ? String(values[name]) : whole;
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  // A button with a tooltip; symbol-only buttons also get the tooltip as their name
  // (a worded label stays its own name, as speech input expects).
  function button(label, title, cls) {
    var attrs = { type: "button", class: "st-btn " + (cls || ""), title: title, text: label };
    if (!/[a-z0-9]/i.test(label)) attrs["aria-label"] = title;
    return el("button", attrs);
  }

  function listener(signal) {
    return function (node, type, fn, opts) {
      node.addEventListener(type, fn, Object.assign({ signal: signal }, opts || {}));
    };
  }

  function px(value) { return value.toFixed(2) + "px"; }

  // A copy that can live elsewhere on the page: no duplicate ids, not focusable twice.
  function cloneClean(node) {
    var copy = node.cloneNode(true);
    if (copy.removeAttribute) copy.removeAttribute("id");
    copy.querySelectorAll("[id]").forEach(function (n) { n.removeAttribute("id"); });
    return copy;
  }

  // The bottom edge of Material's sticky header: content under it is hidden.
  function headerBottom() {
    var header = document.querySelector(".md-header");
    return header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  }

  // An SVG link's target, whether written as href or xlink:href.
  function linkHref(a) {
    return a.href && typeof a.href.baseVal === "string" ? a.href.baseVal : a.getAttribute("href");
  }

  // Does `href` point at a #step-N of this very page (however it spells the path)?
  function sameDocument(href) {
    if (!href) return false;
    var url = new URL(href, location.href);
    return url.pathname === location.pathname && STEP_HASH.test(url.hash);
  }

  function isTyping(target) {
    if (!target || !target.closest) return false;
    return Boolean(target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']"));
  }

  // The content box of `node` in viewport coordinates.
  function contentBox(node) {
    var r = node.getBoundingClientRect();
    var s = getComputedStyle(node);
    var left = r.left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft);
    var right = r.right - parseFloat(s.borderRightWidth) - parseFloat(s.paddingRight);
    return { left: left, right: right, width: right - left };
  }

  function lengthPx(animated) {
    try {
      var length = animated.baseVal;
      return length.unitType === SVGLength.SVG_LENGTHTYPE_PERCENTAGE ? 0 : length.value;
    } catch (e) {
      return 0;
    }
  }

  // An SVG's natural size in CSS px, CSS px per user unit, and its smallest font size in
  // user units (what "Fit" must keep readable). Sequence SVGs are drawn in px, Graphviz
  // maps in pt.
  function measure(svg) {
    var box = svg.viewBox && svg.viewBox.baseVal;
    var w = lengthPx(svg.width);
    var h = lengthPx(svg.height);
    var boxW = (box && box.width) || w || svg.getBoundingClientRect().width;
    var boxH = (box && box.height) || h || svg.getBoundingClientRect().height;
    w = w || boxW;
    h = h || boxH;
    var smallest = Infinity;
    svg.querySelectorAll("text, tspan[font-size]").forEach(function (t) {
      if (!t.textContent.trim()) return;
      var size = parseFloat(t.getAttribute("font-size")) || parseFloat(getComputedStyle(t).fontSize);
      if (size > 0 && size < smallest) smallest = size;
    });
    return { w: w, h: h, unit: boxW ? w / boxW : 1, minFont: smallest === Infinity ? 0 : smallest };
  }

  function storedLevel() {
    try { return localStorage.getItem("stacktour.level:" + location.pathname); } catch (e) { return null; }
  }

  function storeLevel(id) {
    try { localStorage.setItem("stacktour.level:" + location.pathname, id); } catch (e) { /* private mode */ }
  }

  /* A viewer: one diagram, or one stack at several levels ------------------------ */

  function Viewer(root, kind, signal) {
    var self = this;
    var on = listener(signal);
    this.root = root;
    this.kind = kind;
    this.minText = MIN_TEXT[kind];
    this.zoom = 1;
    this.mode = "default"; // "default", "fit" or "manual": what a resize recomputes
    var levels = root.classList.contains("st-levels");
    var wraps = levels ? Array.prototype.filter.call(root.children, function (child) {
      return child.classList.contains("st-diagram") && child.querySelector("svg");
    }) : [root];
    this.views = wraps.map(function (wrap) {
      var id = wrap.getAttribute("data-level") || "";
      return { wrap: wrap, svg: wrap.querySelector("svg"), id: id,
        label: wrap.getAttribute("data-level-label") || id, m: null };
    });

    this.notice = el("p", { class: "st-notice", role: "status" });
    this.toolbar = el("div", { class: "st-toolbar", role: "toolbar", "aria-label": t("Diagram") });
    var first = this.views[0].svg;
    var name = (first.querySelector("title") || {}).textContent || first.getAttribute("aria-label") ||
      (kind === "map" ? "Map" : t("Sequence diagram"));
    this.scroller = el("div", { class: "st-scroller", tabindex: "0", role: "region",
      "aria-label": t("{title} (scrolls sideways)", { title: name }) });
    // A second horizontal scrollbar that stays at the bottom of the window while the
    // diagram is on screen; the scroller's own is hidden.
    this.hbarInner = el("div", { class: "st-hbar-inner" });
    this.hbar = el("div", { class: "st-hbar", "aria-hidden": "true" }, [this.hbarInner]);
    this.hbarEcho = null;  // the scrollLeft sync() last gave the bar
    var at = levels ? wraps[0] : first;
    this.moved = levels ? wraps : [first];
    [this.notice, this.toolbar, this.scroller, this.hbar].forEach(function (n) { root.insertBefore(n, at); });
    this.moved.forEach(function (n) { self.scroller.appendChild(n); });
    root.classList.add("st-viewer", "st-enhanced", "st-viewer-" + kind);

    var zoomOut = button("−", t("Zoom out"), "st-zoom-out");
    this.zoomLabel = button("100%", t("Actual size"), "st-zoom-reset");
    var zoomIn = button("+", t("Zoom in"), "st-zoom-in");
    var fit = button(t("Fit"), "Fit to the window, keeping text at least " + this.minText + " px high",
      "st-zoom-fit");
    this.fullBtn = button("", t("Full screen"), "st-full");
    this.fullBtn.innerHTML = '<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">' +
      '<path fill="currentColor" d="M5 5h5v2H7v3H5zm9 0h5v5h-2V7h-3zM5 14h2v3h3v2H5zm12 0h2v5h-5v-2h3z"/></svg>';
    if (this.views.length > 1) {
      this.levelButtons = this.views.map(function (view, i) {
        var b = button(view.label, "Show the stack at this level of detail", "st-level");
        b.setAttribute("aria-pressed", "false");
        b.setAttribute("data-level", view.id);
        on(b, "click", function () { self.show(i, true); });
        return b;
      });
      this.toolbar.appendChild(el("span", { class: "st-group-btns st-level-switch", role: "group",
        "aria-label": t("Level of detail") },
      [el("span", { class: "st-level-caption", text: t("Detail:") })].concat(this.levelButtons)));
    }
    this.toolbar.appendChild(el("span", { class: "st-group-btns st-zoom" },
      [zoomOut, this.zoomLabel, zoomIn, fit, this.fullBtn]));

    on(zoomOut, "click", function () { self.stepZoom(-1); });
    on(zoomIn, "click", function () { self.stepZoom(1); });
    on(this.zoomLabel, "click", function () { self.mode = "manual"; self.setZoom(1); });
    on(fit, "click", function () { self.mode = "fit"; self.setZoom(self.fitZoom()); });
    on(this.fullBtn, "click", function () { self.toggleFull(); });
    on(document, "fullscreenchange", function () { self.onFullChange(); });
    on(this.scroller, "scroll", function () { self.sync(); }, { passive: true });
    on(this.hbar, "scroll", function () {
      // The echo of sync()'s own write arrives a frame late, perhaps after the next
      // step has scrolled the diagram: it must not pull the diagram back.
      var x = self.hbar.scrollLeft;
      if (self.hbarEcho !== null && Math.abs(x - self.hbarEcho) <= 1) { self.hbarEcho = null; return; }
      self.hbarEcho = null;
      if (Math.abs(self.scroller.scrollLeft - x) > 1) self.scroller.scrollLeft = x;
    }, { passive: true });
    on(window, "scroll", function () { self.syncHead(); }, { passive: true });
    on(window, "resize", function () { self.refit(); }, { passive: true });

    this.show(this.startLevel(), false);
  }

  // The level to open with: one named in the address (?level=ID, for a link to share),
  // else the one last chosen on this page, else the author's default.
  Viewer.prototype.startLevel = function () {
    if (this.views.length < 2) return 0;
    var wanted = [new URLSearchParams(location.search).get(LEVEL_PARAM), storedLevel(),
      this.root.getAttribute("data-default")];
    for (var k = 0; k < wanted.length; k++) {
      for (var i = 0; i < this.views.length; i++) if (wanted[k] && this.views[i].id === wanted[k]) return i;
    }
    for (i = 0; i < this.views.length; i++) if (!this.views[i].wrap.hidden) return i;
    return 0;
  };

  // Show view `i` (a level of detail); `chosen`: the reader picked it, so remember it.
  Viewer.prototype.show = function (i, chosen) {
    var view = this.views[i];
    var old = this.view;
    this.views.forEach(function (v, j) { if (v.wrap !== this.root) v.wrap.hidden = j !== i; }, this);
    this.view = view;
    this.svg = view.svg;
    if (!view.m) view.m = measure(view.svg);
    this.m = view.m;
    if (this.levelButtons) {
      this.levelButtons.forEach(function (b, j) { b.setAttribute("aria-pressed", String(j === i)); });
    }
    this.makeHead();
    this.setZoom(this.mode === "manual" ? this.zoom : this.mode === "fit" ? this.fitZoom() : this.defaultZoom());
    // Kept in the browser, not the URL: Material's instant navigation reloads the page
    // when the query of the address changes under it.
    if (chosen) storeLevel(view.id);
    if (old && old !== view && this.onView) this.onView();
  };

  // A second copy of the diagram's top band (groups and participants) that sticks
  // under Material's header while the real one scrolls away.
  Viewer.prototype.makeHead = function () {
    if (this.head) this.head.remove();
    this.head = this.headSvg = null;
    // The layout writes where the participant boxes end; getBBox would force a layout
    // of the page before its first paint.
    var bottom = parseFloat(this.svg.getAttribute("data-head-bottom")) || 0;
    if (!bottom) {
      this.svg.querySelectorAll(".st-part").forEach(function (part) {
        var b = part.getBBox();
        bottom = Math.max(bottom, b.y + b.height);
      });
    }
    if (!bottom) return;
    var box = this.svg.viewBox.baseVal;
    this.headBand = bottom + 4;
    var copy = cloneClean(this.svg);
    copy.removeAttribute("aria-labelledby");
    copy.setAttribute("aria-hidden", "true");
    copy.setAttribute("focusable", "false");
    copy.querySelectorAll("title, desc, .st-msg, .st-lifeline, .st-act, .st-frag, .st-legend-kind, .st-ref, .st-step-band")
      .forEach(function (n) { n.remove(); });
    copy.querySelectorAll("a").forEach(function (a) { a.setAttribute("tabindex", "-1"); });
    copy.setAttribute("viewBox", box.x + " " + box.y + " " + box.width + " " + this.headBand);
    copy.setAttribute("width", String(this.m.w));
    copy.setAttribute("height", String(this.headBand * this.m.unit));
    this.headInner = el("div", { class: "st-sticky-inner" }, [copy]);
    this.head = el("div", { class: "st-sticky-head", "aria-hidden": "true" }, [this.headInner]);
    this.root.insertBefore(this.head, this.scroller);
    this.headSvg = copy;
  };

  // Smallest zoom at which every text of the diagram is still MIN_TEXT px (a hair over,
  // so that rounding never lands under it).
  Viewer.prototype.floorZoom = function () {
    return this.m.minFont ? (this.minText + 0.02) / (this.m.minFont * this.m.unit) : 0;
  };

  Viewer.prototype.isFull = function () {
    return document.fullscreenElement === this.root || this.root.classList.contains("st-is-full");
  };

  // Breaking out of the column: only from the page's own column, not from inside an
  // admonition, a tab or a table.
  Viewer.prototype.canBleed = function () {
    var parent = this.root.parentElement;
    return Boolean(parent && parent.classList.contains("md-content__inner"));
  };

  // The widest the diagram's box can be, in px.
  Viewer.prototype.room = function () {
    if (this.isFull()) return this.scroller.clientWidth;
    if (!this.canBleed()) return contentBox(this.root.parentElement).width - 2;
    return document.documentElement.clientWidth - 2 * EDGE - 2;
  };

  Viewer.prototype.roomHeight = function () {
    if (this.isFull()) return this.scroller.clientHeight;
    return window.innerHeight - headerBottom() - this.toolbar.offsetHeight - 32;
  };

  // Sequence diagrams open at their drawn size; maps in the text column if they can be
  // read there, else as wide as the window allows; both at least at the readable floor.
  Viewer.prototype.defaultZoom = function () {
    var floor = this.floorZoom();
    if (this.kind !== "map") return Math.max(1, floor);
    var column = (contentBox(this.root.parentElement).width - 2) / this.m.w;
    if (column >= floor) return Math.min(1, column);
    return Math.max(floor, Math.min(1, this.room() / this.m.w));
  };

  // The whole diagram on screen (a map) or its whole width (a sequence diagram, which
  // the page scrolls down), but never under the floor: what cannot fit then scrolls.
  Viewer.prototype.fitZoom = function () {
    var z = this.room() / this.m.w;
    if (this.kind === "map") z = Math.min(z, this.roomHeight() / this.m.h);
    var floor = this.floorZoom();
    return Math.max(floor, Math.min(z, Math.max(1, floor)));
  };

  Viewer.prototype.setZoom = function (z) {
    this.zoom = Math.max(0.1, Math.min(4, z));
    this.svg.style.width = px(this.m.w * this.zoom);
    this.svg.style.height = px(this.m.h * this.zoom);
    if (this.headSvg) {
      this.headSvg.style.width = px(this.m.w * this.zoom);
      this.headSvg.style.height = px(this.headBand * this.m.unit * this.zoom);
    }
    this.zoomLabel.textContent = Math.round(this.zoom * 100) + "%";
    this.layout();
  };

  Viewer.prototype.stepZoom = function (dir) {
    var z = this.zoom;
    var next = dir > 0 ? ZOOMS.filter(function (v) { return v > z + 0.01; })[0]
      : ZOOMS.filter(function (v) { return v < z - 0.01; }).pop();
    this.mode = "manual";
    if (next) this.setZoom(next);
  };

  // After a resize: a computed zoom is computed again.
  Viewer.prototype.refit = function () {
    if (this.mode === "fit") this.setZoom(this.fitZoom());
    else if (this.mode === "default") this.setZoom(this.defaultZoom());
    else this.layout();
  };

  // A diagram wider than its column breaks out of it: to the right, over the whole of
  // the contents sidebar (covering half of it would cut its lines), then to the left if
  // it needs more; up to EDGE px from the window's sides.
  Viewer.prototype.layout = function () {
    var style = this.root.style;
    var left = 0;
    var right = 0;
    if (!this.isFull() && this.canBleed()) {
      style.marginLeft = style.marginRight = "";
      var col = contentBox(this.root.parentElement);
      var need = Math.min(this.m.w * this.zoom + 2, this.room() + 2);
      var extra = Math.max(0, need - col.width);
      var page = document.documentElement.clientWidth;
      right = extra > 0 ? Math.max(0, page - EDGE - col.right) : 0;
      left = Math.min(Math.max(0, extra - right), Math.max(0, col.left - EDGE));
    }
    style.marginLeft = left ? px(-left) : "";
    style.marginRight = right ? px(-right) : "";
    this.root.classList.toggle("st-bleed", left + right > 0);
    this.sync();
  };

  // The Fullscreen API where the browser allows it, else a fixed overlay.
  Viewer.prototype.toggleFull = function () {
    if (this.isFull()) {
      if (document.fullscreenElement) document.exitFullscreen();
      this.root.classList.remove("st-is-full");
    } else if (this.root.requestFullscreen && document.fullscreenEnabled) {
      this.root.requestFullscreen().catch(function () {});
    } else {
      this.root.classList.add("st-is-full");
    }
    this.onFullChange();
  };

  Viewer.prototype.onFullChange = function () {
    var full = this.isFull();
    this.fullBtn.setAttribute("aria-pressed", String(full));
    this.fullBtn.title = full ? t("Leave full screen (Esc)") : t("Full screen");
    this.fullBtn.setAttribute("aria-label", this.fullBtn.title);
    this.refit();
    if (this.onFull) this.onFull();
  };

  Viewer.prototype.sync = function () {
    var sc = this.scroller;
    var over = sc.scrollWidth > sc.clientWidth + 1 && !this.isFull();
    this.hbar.hidden = !over;
    if (over) {
      this.hbarInner.style.width = sc.scrollWidth + "px";
      if (Math.abs(this.hbar.scrollLeft - sc.scrollLeft) > 1) {
        this.hbar.scrollLeft = sc.scrollLeft;
        this.hbarEcho = this.hbar.scrollLeft;
      }
    }
    this.syncHead();
  };

  // Keep the sticky header aligned with the scrolled diagram, and show it only once
  // the real header has gone under it.
  Viewer.prototype.syncHead = function () {
    if (!this.head) return;
    var full = this.isFull();
    this.head.style.top = full ? "0px" : headerBottom() + "px";
    this.headInner.style.width = this.scroller.clientWidth + "px";
    this.headSvg.style.transform = "translateX(" + -this.scroller.scrollLeft + "px)";
    var svgBox = this.svg.getBoundingClientRect();
    var headTop = this.head.getBoundingClientRect().top;
    var band = this.headBand * this.m.unit * this.zoom;
    var stuck = svgBox.top < headTop - 1 && svgBox.bottom > headTop + band * 2;
    this.head.classList.toggle("st-stuck", stuck);
  };

  // The height the sticky header covers at the top of the diagram, in px.
  Viewer.prototype.headCover = function () {
    return this.head ? this.headBand * this.m.unit * this.zoom : 0;
  };

  // Is a useful part of the diagram on screen (not just a sliver under the header)?
  Viewer.prototype.visible = function () {
    var r = this.scroller.getBoundingClientRect();
    return r.bottom > headerBottom() + 80 && r.top < window.innerHeight - 80;
  };

  // Scroll the diagram box sideways so that `rect` (client coordinates) is visible.
  Viewer.prototype.revealX = function (rect) {
    var box = this.scroller.getBoundingClientRect();
    if (rect.left < box.left + 8 || rect.right > box.right - 8) {
      this.scroller.scrollLeft += rect.left - box.left - Math.max(8, (box.width - rect.width) / 2);
    }
  };

  // A message above the diagram (a step that does not exist, ...); "" clears it.
  Viewer.prototype.say = function (text) {
    this.notice.textContent = text;
  };

  Viewer.prototype.destroy = function () {
    var self = this;
    if (this.isFull() && document.fullscreenElement) document.exitFullscreen();
    this.root.classList.remove("st-viewer", "st-enhanced", "st-viewer-" + this.kind, "st-is-full", "st-bleed");
    this.root.style.marginLeft = this.root.style.marginRight = "";
    this.views.forEach(function (v) { v.svg.style.width = v.svg.style.height = ""; });
    this.moved.forEach(function (n) { self.root.insertBefore(n, self.toolbar); });
    [this.notice, this.toolbar, this.head, this.scroller, this.hbar].forEach(function (n) { if (n) n.remove(); });
  };

  /* Step-through on a stack page ------------------------------------------------ */

  function isHeading(node) { return /^H[1-6]$/.test(node.tagName); }

  // The walkthrough: for step N the element with id="step-N" (a heading), its
  // .st-step box, and the blocks after the heading (excerpt, source) up to the next
  // heading of its rank or the next step. A visit's blocks sit in a .st-visit wrapper
  // (in columns on wide screens): the dock takes the blocks, not the wrapper.
  function readSteps(content) {
    var steps = [];
    var seen = {};
    content.querySelectorAll("[id^='step-']").forEach(function (target) {
      var m = STEP_ID.exec(target.id);
      if (!m || seen[m[1]] || target.closest(".st-diagram, svg")) return;
      var n = m[1];
      seen[n] = true;
      var box = content.querySelector('.st-step[data-step="' + n + '"]');
      var parts = [];
      var take = function (node) {
        if (node === box) return;
        if (node.matches(".st-visit, .st-visit-body, .st-visit-col")) {
          Array.prototype.forEach.call(node.children, take);
        } else parts.push(node);
      };
      var title = target.textContent;
      if (isHeading(target)) {
        var rank = Number(target.tagName[1]);
        for (var node = target.nextElementSibling; node; node = node.nextElementSibling) {
          if ((isHeading(node) && Number(node.tagName[1]) <= rank) || STEP_ID.test(node.id)) break;
          take(node);
        }
      } else {
        var heading = target.querySelector("h1, h2, h3, h4, h5, h6");
        if (heading) title = heading.textContent;
        box = box || target.querySelector(".st-step");
        Array.prototype.forEach.call(target.children, function (child) {
          if (child !== box && child !== heading) parts.push(child);
        });
      }
      steps.push({ n: n, target: target, box: box, parts: parts,
        title: title.replace(/¶\s*$/, "").trim() });
    });
    return steps;
  }

  // Of the marks of a step, the one whose number comes first (topmost), else the first.
  function leadMark(marks) {
    var lead = null;
    var top = Infinity;
    marks.forEach(function (m) {
      var num = m.querySelector(".st-num");
      var y = num ? num.getBoundingClientRect().top : Infinity;
      if (y < top) { top = y; lead = m; }
    });
    return lead || marks[0];
  }

  function Tour(viewer, steps, signal) {
    this.v = viewer;
    this.steps = steps;
    this.path = location.pathname;
    this.index = -1;
    this.open = false;
    this.inView = false;
    this.drawnCache = new WeakMap();
    var self = this;
    var on = listener(signal);

    var prev = button(t("‹ Previous"), t("Previous step (←)"), "st-prev");
    var next = button(t("Next ›"), t("Next step (→)"), "st-next");
    this.counter = el("span", { class: "st-counter", "aria-live": "polite",
      text: t("{count} steps", { count: steps.length }) });
    viewer.toolbar.insertBefore(el("span", { class: "st-group-btns st-stepper" },
      [prev, this.counter, next]), viewer.toolbar.firstChild);
    on(prev, "click", function () { self.move(-1, true); });
    on(next, "click", function () { self.move(1, true); });

    this.dock = this.makeDock(on);
    viewer.root.appendChild(this.dock);
    // Entering or leaving full screen moves everything: bring the current arrow back.
    viewer.onFull = function () {
      self.showDock();
      requestAnimationFrame(function () { self.revealCurrent(); });
    };
    // Another level of detail: mark the step there, and bring it into view.
    viewer.onView = function () {
      self.rebind();
      if (self.open) requestAnimationFrame(function () { self.revealCurrent(); });
    };

    // The highlight band behind the current arrow's row.
    this.band = document.createElementNS(SVG_NS, "rect");
    this.band.setAttribute("class", "st-step-band");
    this.rebind();

    on(viewer.scroller, "click", function (ev) { self.onArrowClick(ev); });
    on(document, "keydown", function (ev) { self.onKey(ev); });
    on(window, "hashchange", function () { self.fromHash(); });
    on(window, "scroll", function () { self.onScroll(); }, { passive: true });
    on(window, "resize", function () { self.placeDock(); }, { passive: true });

    // The dock shows only while the diagram is on screen; below it, the walkthrough
    // itself is the reading view.
    this.observer = new IntersectionObserver(function (entries) {
      self.inView = entries[entries.length - 1].isIntersecting;
      self.showDock();
    });
    this.observer.observe(viewer.scroller);
    this.fromHash(true);
  }

  Tour.prototype.makeDock = function (on) {
    var self = this;
    var prev = button("‹", t("Previous step (←)"), "st-prev");
    var next = button("›", t("Next step (→)"), "st-next");
    var close = button("×", t("Close the step panel (Esc)"), "st-close");
    this.dockTitle = el("span", { class: "st-dock-title" });
    this.dockCount = el("span", { class: "st-dock-count" });
    this.dockLink = el("a", { class: "st-dock-link", href: "#", text: t("In the walkthrough ↓") });
    this.dockFold = el("p", { class: "st-dock-fold", hidden: "" });
    this.dockText = el("div", { class: "st-dock-text" });
    this.dockCode = el("div", { class: "st-dock-code" });
    this.dockStack = el("nav", { class: "st-dock-stack", "aria-label": t("Call stack") });
    this.dockBody = el("div", { class: "st-dock-body", tabindex: "0" },
      [this.dockText, this.dockCode, this.dockStack]);
    var bar = el("div", { class: "st-dock-bar" },
      [prev, this.dockCount, next, this.dockTitle, this.dockLink, close]);
    var dock = el("section", { class: "md-typeset st-dock", "aria-label": t("Current step"), hidden: "" },
      [bar, this.dockFold, this.dockBody]);
    on(prev, "click", function () { self.move(-1, true); });
    on(next, "click", function () { self.move(1, true); });
    on(close, "click", function () { self.open = false; self.showDock(); });
    // "In the walkthrough" jumps to the section; the dock steps aside.
    on(this.dockLink, "click", function () { self.open = false; self.showDock(); });
    return dock;
  };

  Tour.prototype.current = function () { return this.steps[this.index]; };

  Tour.prototype.indexOf = function (n) {
    for (var i = 0; i < this.steps.length; i++) if (this.steps[i].n === String(n)) return i;
    return -1;
  };

  // The band moves into the SVG on show; the current step is marked there.
  Tour.prototype.rebind = function () {
    var svg = this.v.svg;
    // Above the (opaque) group boxes, under the lifelines, bars and arrows.
    var groups = svg.querySelectorAll(":scope > .st-group, :scope > desc");
    var last = groups[groups.length - 1];
    svg.insertBefore(this.band, last ? last.nextSibling : svg.firstChild);
    var step = this.current();
    if (step) this.mark(step);
  };

  // The steps a level draws as arrows (or sub-flow boxes): data-step, or data-steps="5 6"
  // on an arrow that stands for several steps. An activation bar's data-steps lists
  // steps that draw no arrow at this level and run on that bar.
  // `own`: only the steps drawn by an arrow of their own (data-step).
  Tour.prototype.drawn = function (svg, own) {
    var sets = this.drawnCache.get(svg);
    if (!sets) {
      sets = { all: new Set(), own: new Set() };
      svg.querySelectorAll("[data-step], [data-steps]").forEach(function (n) {
        if (n.classList.contains("st-act")) return;
        if (n.hasAttribute("data-step")) {
          sets.all.add(n.getAttribute("data-step"));
          sets.own.add(n.getAttribute("data-step"));
        }
        (n.getAttribute("data-steps") || "").split(/\s+/).forEach(function (s) { if (s) sets.all.add(s); });
      });
      this.drawnCache.set(svg, sets);
    }
    return own ? sets.own : sets.all;
  };

  // The elements that stand for step `n`: its arrows, or (`bars`) the bars it runs on.
  // A step drawn by elements of its own (data-step) is those alone: an arrow standing
  // for several steps (data-steps) may list it too (the end-to-end page's network hop
  // lists the sub-flow box before it), and marking both would mark two steps.
  Tour.prototype.marksOf = function (n, bars) {
    var svg = this.v.svg;
    function kind(m) { return bars === m.classList.contains("st-act"); }
    var own = Array.prototype.filter.call(svg.querySelectorAll('[data-step="' + n + '"]'), kind);
    if (own.length) return own;
    return Array.prototype.filter.call(svg.querySelectorAll('[data-steps~="' + n + '"]'), kind);
  };

  // Mark step `step` at the level on show: its arrow; else, folded, the activation bar
  // it runs on; else the nearest step drawn, the one before it if any.
  Tour.prototype.mark = function (step) {
    this.v.root.querySelectorAll(".st-current").forEach(function (n) { n.classList.remove("st-current"); });
    var drawn = this.drawn(this.v.svg);
    var how = "drawn";
    var shown = step.n;
    var marks;
    if (drawn.has(step.n)) {
      marks = this.marksOf(step.n, false);
      if (!this.drawn(this.v.svg, true).has(step.n)) how = "merged";
    } else if ((marks = this.marksOf(step.n, true)).length) {
      how = "bar";
    } else {
      how = "nearest";
      shown = null;
      var i = this.indexOf(step.n);
      for (var j = i - 1; j >= 0 && shown === null; j--) if (drawn.has(this.steps[j].n)) shown = this.steps[j].n;
      for (j = i + 1; j < this.steps.length && shown === null; j++) if (drawn.has(this.steps[j].n)) shown = this.steps[j].n;
      marks = shown === null ? [] : this.marksOf(shown, false);
    }
    marks.forEach(function (n) { n.classList.add("st-current"); });
    this.placeBand(how === "bar" ? [] : marks);
    this.foldNote(step, how, shown);
    return marks;
  };

  // Say so when the level on show does not draw the step, and offer one that does.
  Tour.prototype.foldNote = function (step, how, shown) {
    var note = this.dockFold;
    var self = this;
    var folded = how === "bar" || how === "nearest";
    var level = this.v.view.label ? "“" + this.v.view.label + "”" : "this level";
    note.textContent = "";
    note.hidden = how === "drawn";
    this.counter.textContent = t("Step {n} of {count}", { n: step.n, count: this.steps.length }) + (folded ? " (folded)" : "");
    if (how === "drawn") return;
    var text;
    if (how === "merged") {
      var listed = [];
      this.marksOf(step.n, false).forEach(function (m) {
        (m.getAttribute("data-steps") || "").split(/\s+/).forEach(function (s) { if (s) listed.push(s); });
      });
      text = "In " + level + ", one arrow stands for steps " + listed[0] + " to " + listed[listed.length - 1] + ".";
    } else {
      text = "Step " + step.n + " is folded in " + level + "; " + (how === "bar" ?
        "it runs inside the marked activation bar." : shown === null ? "no arrow stands for it." :
          "the diagram marks step " + shown + ", the nearest drawn.");
    }
    note.appendChild(document.createTextNode(text + " "));
    var views = this.v.views;
    for (var i = 0; i < views.length; i++) {
      if (this.drawn(views[i].svg, true).has(step.n)) {
        var show = button("Show it at " + views[i].label, "Switch to the level that draws step " + step.n, "st-unfold");
        show.addEventListener("click", (function (k) { return function () { self.v.show(k, true); }; })(i));
        note.appendChild(show);
        break;
      }
    }
  };

  Tour.prototype.move = function (delta, inDiagram) {
    var i = this.index < 0 ? (delta > 0 ? 0 : this.steps.length - 1) : this.index + delta;
    if (i < 0 || i >= this.steps.length) return;
    this.select(i, inDiagram ? "diagram" : "walkthrough");
  };

  // Select step index `i`; `reveal` is "diagram", "walkthrough" or "" (no scrolling).
  Tour.prototype.select = function (i, reveal, keepHash) {
    var step = this.steps[i];
    var old = this.current();
    if (old) {
      old.target.classList.remove("st-step-current");
      if (old.box) old.box.classList.remove("st-step-current");
    }
    this.index = i;
    this.v.say("");
    step.target.classList.add("st-step-current");
    if (step.box) step.box.classList.add("st-step-current");
    var marks = this.mark(step);
    try { sessionStorage.setItem("stacktour.step:" + this.path, step.n); } catch (e) { /* private mode */ }
    if (!keepHash && location.pathname === this.path && location.hash !== "#step-" + step.n) {
      history.replaceState(history.state, "", "#step-" + step.n);
    }
    this.fillDock(step);
    if (reveal === "diagram") {
      this.open = true;
      this.showDock(true);
      this.revealArrow(marks);
    } else if (reveal === "walkthrough") {
      step.target.scrollIntoView({ block: "start" });
    }
  };

  Tour.prototype.placeBand = function (marks) {
    var top = Infinity;
    var bottom = -Infinity;
    marks.forEach(function (n) {
      var b = n.getBBox();
      top = Math.min(top, b.y);
      bottom = Math.max(bottom, b.y + b.height);
    });
    if (top === Infinity) { this.band.setAttribute("height", "0"); return; }
    var box = this.v.svg.viewBox.baseVal;
    this.band.setAttribute("x", String(box.x));
    this.band.setAttribute("width", String(box.width));
    this.band.setAttribute("y", String(top - 4));
    this.band.setAttribute("height", String(bottom - top + 8));
  };

  Tour.prototype.revealCurrent = function () {
    var step = this.current();
    if (step) this.revealArrow(this.mark(step));
  };

  // Scroll the page (and the diagram box) so the arrow sits between the sticky header
  // and the dock, above the scrollbar kept at the window's bottom.
  Tour.prototype.revealArrow = function (marks) {
    if (!marks.length) return;
    // What must be read: the number and label of the step's first arrow (a sub-flow
    // drawn in place is many arrows, all of its step); a long arrow's far end may stay
    // off screen. Without a number, the first mark whole.
    var lead = leadMark(marks);
    var parts = Array.prototype.slice.call(lead.querySelectorAll(".st-num, .st-label, .st-sublabel"));
    if (!parts.length) parts = [lead];
    var rect = null;
    parts.forEach(function (n) {
      var r = n.getBoundingClientRect();
      rect = !rect ? { top: r.top, bottom: r.bottom, left: r.left, right: r.right } :
        { top: Math.min(rect.top, r.top), bottom: Math.max(rect.bottom, r.bottom),
          left: Math.min(rect.left, r.left), right: Math.max(rect.right, r.right) };
    });
    rect.width = rect.right - rect.left;
    this.v.revealX(rect);
    var full = this.v.isFull();
    var area = full ? this.v.scroller.getBoundingClientRect() : { top: headerBottom(), bottom: window.innerHeight };
    var top = area.top + this.v.headCover() + 8;
    var bottom = area.bottom;
    if (!full) {
      if (!this.dock.hidden) bottom = Math.min(bottom, this.dock.getBoundingClientRect().top);
      if (!this.v.hbar.hidden) bottom -= this.v.hbar.offsetHeight;
    }
    bottom -= 8;
    if (rect.top >= top && rect.bottom <= bottom) return;
    var delta = rect.top - (top + Math.max(0, (bottom - top - (rect.bottom - rect.top)) / 3));
    if (full) this.v.scroller.scrollTop += delta;
    else window.scrollBy(0, delta);
  };

  // The dock: the step's sentence and notes beside its code, and the call stack.
  Tour.prototype.fillDock = function (step) {
    this.dockCount.textContent = step.n + " / " + this.steps.length;
    this.dockTitle.textContent = step.title;
    this.dockLink.setAttribute("href", "#step-" + step.n);
    var text = this.dockText;
    var code = this.dockCode;
    text.textContent = code.textContent = "";
    var list = null;
    if (step.box) {
      var box = cloneClean(step.box);
      box.classList.remove("st-step-current");
      box.removeAttribute("data-step"); // the walkthrough's own box stays the only one
      var stack = box.querySelector(".st-callstack");
      if (stack) stack.remove();
      text.appendChild(box);
      list = step.box.querySelector(".st-callstack ol");
    }
    step.parts.forEach(function (part) {
      var copy = cloneClean(part);
      copy.querySelectorAll(".st-callstack").forEach(function (n) { n.remove(); });
      var isCode = copy.matches(".highlight, pre, .st-signature") || copy.querySelector(".highlight");
      (isCode ? code : text).appendChild(copy);
      list = list || part.querySelector(".st-callstack ol");
    });
    code.hidden = !code.firstChild;
    gutters(code);
    // The call-stack pane: the active frames, innermost on top, as a debugger lists them.
    this.dockStack.textContent = "";
    this.dockStack.hidden = !list;
    if (list) {
      this.dockStack.appendChild(el("p", { class: "st-dock-stack-title", text: t("Call stack") }));
      this.dockStack.appendChild(cloneClean(list));
    }
    this.placeDock();
    this.scrollDock();
  };

  // Start every pane of the dock at its top, and the code at the call line.
  Tour.prototype.scrollDock = function () {
    var panes = [this.dockBody, this.dockText, this.dockCode, this.dockStack];
    panes.forEach(function (p) { p.scrollTop = 0; });
    var hl = this.dockCode.querySelector(".hll");
    if (!hl || this.dock.hidden) return;
    var at = hl.getBoundingClientRect().top;
    for (var i = 0; i < panes.length; i++) {
      var pane = panes[i];
      if (pane.contains(hl) && pane.scrollHeight > pane.clientHeight + 1) {
        pane.scrollTop = Math.max(0, at - pane.getBoundingClientRect().top - pane.clientHeight / 3);
        return;
      }
    }
  };

  // `now`: the reader is stepping in the diagram, which is (about to be) on screen.
  Tour.prototype.showDock = function (now) {
    var show = this.open && this.index >= 0 && (now || this.inView || this.v.isFull());
    if (this.dock.hidden !== !show) {
      this.dock.hidden = !show;
      document.documentElement.classList.toggle("st-docked", show);
      this.v.root.classList.toggle("st-has-dock", show);
      this.placeDock();
      if (show) this.scrollDock();
      return;
    }
    this.placeDock();
  };

  // Across the bottom of the window (CSS), or under the full-screen diagram. The page
  // keeps the dock's height in --st-dock-h, so that what sticks to the bottom of the
  // window (the diagram's scrollbar) stays above it.
  Tour.prototype.placeDock = function () {
    var h = this.dock.hidden || this.v.isFull() ? 0 : this.dock.offsetHeight;
    document.documentElement.style.setProperty("--st-dock-h", h + "px");
  };

  Tour.prototype.onArrowClick = function (ev) {
    var link = ev.target.closest && ev.target.closest("a");
    var mark = link && link.closest("[data-step]");
    if (!mark) return;
    var href = linkHref(link);
    // Only links to this page's own steps; a sub-flow box links to its own page.
    if (!sameDocument(href)) return;
    var i = this.indexOf(STEP_HASH.exec(new URL(href, location.href).hash)[1]);
    if (i < 0) return;
    ev.preventDefault();
    this.select(i, "diagram");
  };

  Tour.prototype.onKey = function (ev) {
    if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    if (isTyping(ev.target)) return;
    if (ev.key === "Escape" && this.open && !this.v.isFull()) {
      this.open = false;
      this.showDock();
      return;
    }
    if (ev.key !== "ArrowRight" && ev.key !== "ArrowLeft") return;
    // Search and other overlays of Material's own take the keys while they are open.
    var search = document.querySelector("[data-md-toggle=search]");
    if (search && search.checked) return;
    ev.preventDefault();
    // Above the walkthrough the keys drive the diagram; within it, they turn its pages.
    var below = this.steps[0].target.getBoundingClientRect().top < window.innerHeight / 2;
    this.move(ev.key === "ArrowRight" ? 1 : -1, this.v.isFull() || this.v.visible() || !below);
  };

  function decodeHash(hash) {
    try { return decodeURIComponent(hash.slice(1)); } catch (e) { return hash.slice(1); }
  }

  // A #step-N in the address bar (opened, followed, or restored by Back) selects that
  // step; the browser has already scrolled to its section. One that does not exist
  // is said so, above the diagram.
  Tour.prototype.fromHash = function (first) {
    var m = STEP_HASH.exec(location.hash);
    if (!m && first && location.hash.length > 1 && history.state !== null &&
        !document.getElementById(decodeHash(location.hash))) {
      // Back to this page under instant navigation: Material's contents tracking may
      // have written the last page's anchor (#frame-…) over our #step-N before this
      // page mounts. A fragment that names nothing here gives way to the step this
      // tab last showed on this page.
      var kept = null;
      try { kept = sessionStorage.getItem("stacktour.step:" + this.path); } catch (e) { /* private mode */ }
      if (kept !== null && this.indexOf(kept) >= 0) {
        history.replaceState(history.state, "", "#step-" + kept);
        m = STEP_HASH.exec(location.hash);
      }
    }
    if (!m) return;
    var n = m[1];
    try { n = decodeURIComponent(n); } catch (e) { /* keep it as written */ }
    var i = this.indexOf(n);
    if (i < 0) {
      var last = this.steps[this.steps.length - 1].n;
      this.v.say("There is no step " + n + " on this page: its steps are " + this.steps[0].n +
        " to " + last + ".");
      // The browser found no such anchor and stayed put: bring the message into view.
      if (first) window.scrollBy(0, this.v.notice.getBoundingClientRect().top - headerBottom() - 16);
      return;
    }
    if (i !== this.index) this.select(i, "", true);
  };

  // Material's navigation.tracking rewrites the hash after every scroll to the last
  // heading passed; while the reader steps through the diagram, the step wins.
  Tour.prototype.onScroll = function () {
    var self = this;
    clearTimeout(this.hashTimer);
    this.hashTimer = setTimeout(function () {
      var step = self.current();
      // Instant navigation changes the address before the next page replaces this one.
      if (location.pathname !== self.path) return;
      if (step && !self.dock.hidden && location.hash !== "#step-" + step.n) {
        history.replaceState(history.state, "", "#step-" + step.n);
      }
    }, 350);
  };

  Tour.prototype.destroy = function () {
    clearTimeout(this.hashTimer);
    this.observer.disconnect();
    document.documentElement.classList.remove("st-docked");
    this.v.root.classList.remove("st-has-dock");
    document.documentElement.style.removeProperty("--st-dock-h");
    var step = this.current();
    if (step) {
      step.target.classList.remove("st-step-current");
      if (step.box) step.box.classList.remove("st-step-current");
    }
    this.v.root.querySelectorAll(".st-current").forEach(function (n) { n.classList.remove("st-current"); });
    this.band.remove();
    this.dock.remove();
  };

  /* Print: closed <details> do not print, so open them for the paper copy. ------- */

  function printOpener(signal) {
    var opened = [];
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll(".md-content details:not([open])").forEach(function (d) {
        d.setAttribute("open", "");
        opened.push(d);
      });
    }, { signal: signal });
    window.addEventListener("afterprint", function () {
      opened.splice(0).forEach(function (d) { d.removeAttribute("open"); });
    }, { signal: signal });
  }

  // Inline line numbers (pymdownx-inline) are drawn from an attribute, so their links
  // have no text of their own: name them. And wrapped lines hang under their code: tell
  // the CSS how wide the numbers are (pymdownx pads all of a block's to one width).
  function gutters(content) {
    content.querySelectorAll(".highlight > pre > code").forEach(function (code) {
      var numbers = code.querySelectorAll("[data-linenos]");
      if (!numbers.length) return;
      code.style.setProperty("--st-gutter", numbers[0].getAttribute("data-linenos").trimEnd().length + "ch");
      numbers.forEach(function (n) {
        var a = n.parentElement;
        if (a.tagName === "A" && !a.hasAttribute("aria-label")) {
          a.setAttribute("aria-label", "Line " + n.getAttribute("data-linenos").trim());
        }
      });
    });
  }

  // Material's search overlay is a dialog without a name; screen readers announce it
  // as just "dialog".
  function nameSearchDialog() {
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label") && !search.hasAttribute("aria-labelledby")) {
      search.setAttribute("aria-label", t("Search"));
    }
  }

  /* Lifecycle ---------------------------------------------------------------- */

  var teardown = null;

  // Does this SVG have an arrow that links to a step of this very page?
  function linksHere(svg) {
    return Array.prototype.some.call(svg.querySelectorAll("[data-step] a"), function (a) {
      return sameDocument(linkHref(a));
    });
  }

  // A table wider than its column scrolls inside Material's wrapper; the keyboard must
  // reach it to scroll it too.
  function scrollableTables(content, signal) {
    var mark = function () {
      content.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
        if (wrap.scrollWidth > wrap.clientWidth + 1) {
          wrap.setAttribute("tabindex", "0");
          wrap.setAttribute("role", "region");
          wrap.setAttribute("aria-label", t("Table (scrolls sideways)"));
        } else if (wrap.getAttribute("role") === "region") {
          ["tabindex", "role", "aria-label"].forEach(function (a) { wrap.removeAttribute(a); });
        }
      });
    };
    // After the first paint: each measure forces a layout of the whole page.
    requestAnimationFrame(function () { setTimeout(function () { if (!signal.aborted) mark(); }, 0); });
    listener(signal)(window, "resize", mark, { passive: true });
  }

  // A link to #map (the contents, another page) opens the folded map under it.
  function openMapFor(content, signal) {
    var fold = content.querySelector("details.st-map-details");
    if (!fold) return;
    var open = function () { if (location.hash === "#map") fold.open = true; };
    open();
    listener(signal)(window, "hashchange", open);
  }

  function mount() {
    if (teardown) teardown();
    var ctrl = new AbortController();
    var parts = [];
    var viewers = [];
    var content = document.querySelector(".md-content") || document.body;
    // A stack's levels make one viewer; every other sequence diagram or map its own.
    content.querySelectorAll(".st-levels, .st-diagram.st-sequence, .st-diagram.st-map-wrap")
      .forEach(function (root) {
        if (root.classList.contains("st-diagram") && root.parentElement.closest(".st-levels")) return;
        if (root.classList.contains("st-viewer") || !root.querySelector("svg")) return;
        var kind = root.classList.contains("st-map-wrap") ? "map" : "sequence";
        var make = function () {
          var v = new Viewer(root, kind, ctrl.signal);
          viewers.push(v);
          parts.push(v);
          return v;
        };
        // A diagram in a folded <details> has no width until it opens: its viewer is
        // made when it first opens (not before the page's first paint), and refits then.
        var fold = root.closest("details");
        var v = fold && !fold.open && kind === "map" ? null : make();
        if (fold) {
          listener(ctrl.signal)(fold, "toggle", function () {
            if (!fold.open) return;
            if (v) v.refit();
            else v = make();
          });
        }
      });
    // Step-through needs this page's walkthrough: the first sequence diagram with an
    // arrow (at any level) that links to a section below it.
    var steps = readSteps(content);
    var main = viewers.filter(function (v) {
      return v.kind === "sequence" && v.views.some(function (view) { return linksHere(view.svg); });
    })[0];
    if (main && steps.length) parts.push(new Tour(main, steps, ctrl.signal));
    gutters(content);
    openMapFor(content, ctrl.signal);
    scrollableTables(content, ctrl.signal);
    printOpener(ctrl.signal);
    nameSearchDialog();
    teardown = function () {
      ctrl.abort();
      parts.reverse().forEach(function (p) { p.destroy(); });
      teardown = null;
    };
  }

  // Exposed for tests and for anyone who swaps page content by other means.
  window.stacktour = { mount: mount, unmount: function () { if (teardown) teardown(); } };

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { mount(); });
  }
  // Material's page event never comes for a site opened from disk (file://) with
  // instant navigation on, nor without Material: then mount once the page is parsed.
  function fallback() {
    setTimeout(function () { if (!teardown) mount(); }, 0);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fallback);
  else fallback();
})();
