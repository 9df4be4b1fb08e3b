/* stacktour: progressive enhancement of sequence diagrams and stack pages.
 *
 * Without this script every page is complete: arrows link to #step-N, participants
 * to layer pages, and the walkthrough holds every excerpt. With it:
 *  - every sequence diagram scrolls sideways in its own box (never shrunk), keeps its
 *    participant header in view while the page scrolls, zooms and goes full screen;
 *  - on a stack page, ← / → and Prev / Next walk through the steps: the arrow is
 *    highlighted, a dock under the diagram shows the step's excerpt and its call
 *    stack, and the URL follows (#step-N).
 * Plain ES2017, no dependencies. Runs on every page load, including Material's
 * instant navigation (document$), and undoes itself before the next one.
 */
(function () {
  "use strict";

  var ZOOMS = [0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2];
  var STEP_HASH = /^#step-(\d+)$/;

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

  /* One diagram: scroller, sticky header, zoom, full screen -------------------- */

  function Diagram(wrap, signal) {
    var svg = wrap.querySelector("svg");
    this.wrap = wrap;
    this.svg = svg;
    var box = svg.viewBox && svg.viewBox.baseVal;
    this.width = (box && box.width) || svg.getBoundingClientRect().width;
    this.height = (box && box.height) || svg.getBoundingClientRect().height;
    this.zoom = 1;

    this.toolbar = el("div", { class: "st-toolbar", role: "toolbar", "aria-label": t("Diagram") });
    var title = svg.querySelector("title");
    title = title ? title.textContent : t("Sequence diagram");
    this.scroller = el("div", { class: "st-scroller", tabindex: "0", role: "region",
      "aria-label": t("{title} (scrolls sideways)", { title: title }) });
    wrap.insertBefore(this.toolbar, svg);
    wrap.insertBefore(this.scroller, svg);
    this.scroller.appendChild(svg);
    this.head = this.makeHead();
    wrap.classList.add("st-enhanced");

    var zoomOut = button("−", t("Zoom out"), "st-zoom-out");
    this.zoomLabel = button("100%", t("Actual size"), "st-zoom-reset");
    var zoomIn = button("+", t("Zoom in"), "st-zoom-in");
    var fit = button(t("Fit"), t("Fit to width"), "st-zoom-fit");
    this.fullBtn = button("", t("Full screen"), "st-full");
    this.fullBtn.innerHTML = '<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">' +
      '<path fill="currentColor" d="M5 5h5v2H7v3H5zm9 0h5v5h-2V7h-3zM5 14h2v3h3v2H5zm12 0h2v5h-5v-2h3z"/></svg>';
    this.zoomGroup = el("span", { class: "st-group-btns st-zoom" },
      [zoomOut, this.zoomLabel, zoomIn, fit, this.fullBtn]);
    this.toolbar.appendChild(this.zoomGroup);

    var self = this;
    var on = function (node, type, fn, opts) {
      node.addEventListener(type, fn, Object.assign({ signal: signal }, opts || {}));
    };
    on(zoomOut, "click", function () { self.stepZoom(-1); });
    on(zoomIn, "click", function () { self.stepZoom(1); });
    on(this.zoomLabel, "click", function () { self.setZoom(1); });
    on(fit, "click", function () {
      self.setZoom(Math.min(1, (self.scroller.clientWidth - 2) / self.width));
    });
    on(this.fullBtn, "click", function () { self.toggleFull(); });
    on(document, "fullscreenchange", function () { self.onFullChange(); });
    on(this.scroller, "scroll", function () { self.sync(); }, { passive: true });
    on(window, "scroll", function () { self.sync(); }, { passive: true });
    on(window, "resize", function () { self.sync(); }, { passive: true });
    this.sync();
  }

  // A second copy of the diagram's top band (groups and participants) that sticks
  // under Material's header while the real one scrolls away.
  Diagram.prototype.makeHead = function () {
    var bottom = 0;
    this.svg.querySelectorAll(".st-part").forEach(function (part) {
      var b = part.getBBox();
      bottom = Math.max(bottom, b.y + b.height);
    });
    if (!bottom) return null;
    this.band = bottom + 4;
    var copy = cloneClean(this.svg);
    copy.removeAttribute("aria-labelledby");
    copy.setAttribute("aria-hidden", "true");
    copy.setAttribute("focusable", "false");
    copy.querySelectorAll("title, desc, .st-msg, .st-lifeline, .st-act, .st-frag, .st-legend-kind, .st-ref")
      .forEach(function (n) { n.remove(); });
    copy.querySelectorAll("a").forEach(function (a) { a.setAttribute("tabindex", "-1"); });
    copy.setAttribute("viewBox", "0 0 " + this.width + " " + this.band);
    copy.setAttribute("width", String(this.width));
    copy.setAttribute("height", String(this.band));
    var inner = el("div", { class: "st-sticky-inner" });
    inner.appendChild(copy);
    var head = el("div", { class: "st-sticky-head", "aria-hidden": "true" }, [inner]);
    this.wrap.insertBefore(head, this.scroller);
    this.headSvg = copy;
    this.headInner = inner;
    return head;
  };

  Diagram.prototype.setZoom = function (z) {
    this.zoom = Math.max(0.2, Math.min(3, z));
    var w = Math.round(this.width * this.zoom) + "px";
    this.svg.style.width = w;
    this.svg.style.height = Math.round(this.height * this.zoom) + "px";
    if (this.headSvg) {
      this.headSvg.style.width = w;
      this.headSvg.style.height = Math.round(this.band * this.zoom) + "px";
    }
    this.zoomLabel.textContent = Math.round(this.zoom * 100) + "%";
    this.sync();
  };

  Diagram.prototype.stepZoom = function (dir) {
    var z = this.zoom;
    var next = dir > 0 ? ZOOMS.filter(function (v) { return v > z + 0.01; })[0]
      : ZOOMS.filter(function (v) { return v < z - 0.01; }).pop();
    if (next) this.setZoom(next);
  };

  Diagram.prototype.isFull = function () {
    return document.fullscreenElement === this.wrap || this.wrap.classList.contains("st-is-full");
  };

  // The Fullscreen API where the browser allows it, else a fixed overlay.
  Diagram.prototype.toggleFull = function () {
    if (this.isFull()) {
      if (document.fullscreenElement) document.exitFullscreen();
      this.wrap.classList.remove("st-is-full");
    } else if (this.wrap.requestFullscreen && document.fullscreenEnabled) {
      this.wrap.requestFullscreen().catch(function () {});
    } else {
      this.wrap.classList.add("st-is-full");
    }
    this.onFullChange();
  };

  Diagram.prototype.onFullChange = function () {
    var full = this.isFull();
    this.fullBtn.setAttribute("aria-pressed", String(full));
    if (this.onToggle) this.onToggle();
    this.fullBtn.title = full ? t("Leave full screen (Esc)") : t("Full screen");
    this.fullBtn.setAttribute("aria-label", this.fullBtn.title);
    this.sync();
  };

  // Keep the sticky header aligned with the scrolled diagram, and show it only once
  // the real header has gone under it.
  Diagram.prototype.sync = function () {
    if (!this.head) return;
    var top = this.isFull() ? this.scroller.getBoundingClientRect().top : headerBottom();
    this.head.style.top = this.isFull() ? "0px" : top + "px";
    this.headInner.style.width = this.scroller.clientWidth + "px";
    this.headSvg.style.transform = "translateX(" + -this.scroller.scrollLeft + "px)";
    var svgBox = this.svg.getBoundingClientRect();
    var headTop = this.head.getBoundingClientRect().top;
    var stuck = svgBox.top < headTop - 1 && svgBox.bottom > headTop + this.band * this.zoom * 2;
    this.head.classList.toggle("st-stuck", stuck);
  };

  // Is a useful part of the diagram on screen (not just a sliver under the header)?
  Diagram.prototype.visible = function () {
    var r = this.scroller.getBoundingClientRect();
    return r.bottom > headerBottom() + 80 && r.top < window.innerHeight - 80;
  };

  // Scroll the diagram box sideways so that `rect` (client coordinates) is visible.
  Diagram.prototype.revealX = function (rect) {
    var box = this.scroller.getBoundingClientRect();
    if (rect.left < box.left + 8 || rect.right > box.right - 8) {
      this.scroller.scrollLeft += rect.left - box.left - Math.max(8, (box.width - rect.width) / 2);
    }
  };

  Diagram.prototype.destroy = function () {
    if (this.isFull() && document.fullscreenElement) document.exitFullscreen();
    this.wrap.classList.remove("st-enhanced", "st-is-full");
    this.svg.style.width = this.svg.style.height = "";
    this.wrap.insertBefore(this.svg, this.toolbar);
    [this.toolbar, this.head, this.scroller].forEach(function (n) { if (n) n.remove(); });
  };

  /* Step-through on a stack page ------------------------------------------------ */

  // The walkthrough: for step N its <h3 id="step-N">, its .st-step and the blocks after
  // it (excerpt, source) up to the next heading.
  function readSteps() {
    var steps = [];
    document.querySelectorAll(".md-content .st-step[data-step]").forEach(function (box) {
      var n = Number(box.getAttribute("data-step"));
      var heading = document.getElementById("step-" + n);
      if (!heading) return;
      var parts = [];
      for (var node = heading.nextElementSibling; node && !/^H[1-3]$/.test(node.tagName);
        node = node.nextElementSibling) if (node !== box) parts.push(node);
      steps.push({ n: n, heading: heading, box: box, parts: parts });
    });
    return steps;
  }

  function Tour(diagram, steps, signal) {
    this.d = diagram;
    this.steps = steps;
    this.index = -1;
    this.open = false;
    this.inView = false;
    var self = this;
    var on = function (node, type, fn, opts) {
      node.addEventListener(type, fn, Object.assign({ signal: signal }, opts || {}));
    };

    var prev = button(t("‹ Previous"), t("Previous step (←)"), "st-prev");
    var next = button(t("Next ›"), t("Next step (→)"), "st-next");
    this.counter = el("span", { class: "st-counter", "aria-live": "polite",
      text: t("{count} steps", { count: steps.length }) });
    diagram.toolbar.insertBefore(el("span", { class: "st-group-btns st-stepper" },
      [prev, this.counter, next]), diagram.toolbar.firstChild);
    on(prev, "click", function () { self.move(-1, true); });
    on(next, "click", function () { self.move(1, true); });

    this.dock = this.makeDock(on);
    diagram.wrap.appendChild(this.dock);
    // Entering or leaving full screen moves everything: bring the current arrow back.
    diagram.onToggle = function () {
      self.showDock();
      requestAnimationFrame(function () {
        var step = self.current();
        if (step) self.revealArrow(diagram.svg.querySelectorAll('[data-step="' + step.n + '"]'));
      });
    };

    // The highlight band behind the current arrow's row.
    this.band = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    this.band.setAttribute("class", "st-step-band");
    // Above the (opaque) group boxes, under the lifelines, bars and arrows.
    var groups = diagram.svg.querySelectorAll(":scope > .st-group, :scope > desc");
    var last = groups[groups.length - 1];
    diagram.svg.insertBefore(this.band, last ? last.nextSibling : diagram.svg.firstChild);

    on(diagram.svg, "click", function (ev) { self.onArrowClick(ev); });
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
    this.observer.observe(diagram.scroller);
    this.fromHash();
  }

  Tour.prototype.makeDock = function (on) {
    var self = this;
    var prev = button("‹", t("Previous step (←)"), "st-prev");
    var next = button("›", t("Next step (→)"), "st-next");
    var close = button("×", t("Close the step panel (Esc)"), "st-close");
    this.dockTitle = el("span", { class: "st-dock-title" });
    this.dockCount = el("span", { class: "st-dock-count" });
    this.dockLink = el("a", { class: "st-dock-link", href: "#", text: t("In the walkthrough ↓") });
    this.dockMain = el("div", { class: "st-dock-main" });
    this.dockStack = el("nav", { class: "st-dock-stack", "aria-label": t("Call stack") });
    this.dockBody = el("div", { class: "st-dock-body", tabindex: "0" }, [this.dockMain, this.dockStack]);
    var bar = el("div", { class: "st-dock-bar" },
      [prev, this.dockCount, next, this.dockTitle, this.dockLink, close]);
    var dock = el("section", { class: "md-typeset st-dock", "aria-label": t("Current step"), hidden: "" },
      [bar, this.dockBody]);
    on(prev, "click", function () { self.move(-1, true); });
    on(next, "click", function () { self.move(1, true); });
    on(close, "click", function () { self.open = false; self.showDock(); });
    // "In the walkthrough" jumps to the section; the dock steps aside.
    on(this.dockLink, "click", function () { self.open = false; self.showDock(); });
    return dock;
  };

  Tour.prototype.current = function () { return this.steps[this.index]; };

  Tour.prototype.move = function (delta, inDiagram) {
    var i = this.index < 0 ? (delta > 0 ? 0 : this.steps.length - 1) : this.index + delta;
    if (i < 0 || i >= this.steps.length) return;
    this.select(i, inDiagram ? "diagram" : "walkthrough");
  };

  // Select step index `i`; `reveal` is "diagram", "walkthrough" or "" (no scrolling).
  Tour.prototype.select = function (i, reveal, keepHash) {
    var step = this.steps[i];
    var svg = this.d.svg;
    var old = this.current();
    if (old) {
      old.heading.classList.remove("st-step-current");
      old.box.classList.remove("st-step-current");
    }
    svg.querySelectorAll(".st-current").forEach(function (n) { n.classList.remove("st-current"); });
    this.index = i;
    step.heading.classList.add("st-step-current");
    step.box.classList.add("st-step-current");
    var marks = svg.querySelectorAll('[data-step="' + step.n + '"]');
    marks.forEach(function (n) { n.classList.add("st-current"); });
    this.placeBand(marks);
    this.counter.textContent = t("Step {n} of {count}", { n: step.n, count: this.steps.length });
    if (!keepHash && location.hash !== "#step-" + step.n) {
      history.replaceState(history.state, "", "#step-" + step.n);
    }
    if (reveal === "diagram") {
      this.open = true;
      this.fillDock(step);
      this.showDock(true);
      this.revealArrow(marks);
    } else {
      this.fillDock(step);
      if (reveal === "walkthrough") step.heading.scrollIntoView({ block: "start" });
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
    this.band.setAttribute("x", "0");
    this.band.setAttribute("width", String(this.d.width));
    this.band.setAttribute("y", String(top - 4));
    this.band.setAttribute("height", String(bottom - top + 8));
  };

  // Scroll the page (and the diagram box) so the arrow sits between the sticky header
  // and the dock.
  Tour.prototype.revealArrow = function (marks) {
    if (!marks.length) return;
    var rect = marks[0].getBoundingClientRect();
    marks.forEach(function (n) {
      var r = n.getBoundingClientRect();
      rect = { top: Math.min(rect.top, r.top), bottom: Math.max(rect.bottom, r.bottom),
        left: Math.min(rect.left, r.left), right: Math.max(rect.right, r.right) };
    });
    rect.width = rect.right - rect.left;
    this.d.revealX(rect);
    var head = this.d.head ? this.d.band * this.d.zoom : 0;
    var full = this.d.isFull();
    var area = full ? this.d.scroller.getBoundingClientRect() : { top: headerBottom(), bottom: window.innerHeight };
    var top = area.top + head + 8;
    var bottom = (this.dock.hidden ? area.bottom : Math.min(area.bottom, this.dock.getBoundingClientRect().top)) - 8;
    if (rect.top >= top && rect.bottom <= bottom) return;
    var delta = rect.top - (top + Math.max(0, (bottom - top - (rect.bottom - rect.top)) / 3));
    if (full) this.d.scroller.scrollTop += delta;
    else window.scrollBy(0, delta);
  };

  Tour.prototype.fillDock = function (step) {
    this.dockCount.textContent = step.n + " / " + this.steps.length;
    this.dockTitle.textContent = step.heading.textContent.replace(/¶\s*$/, "").trim();
    this.dockLink.setAttribute("href", "#step-" + step.n);
    var main = this.dockMain;
    main.textContent = "";
    var box = cloneClean(step.box);
    box.classList.remove("st-step-current");
    var stack = box.querySelector(".st-callstack");
    if (stack) stack.remove();
    main.appendChild(box);
    step.parts.forEach(function (part) { main.appendChild(cloneClean(part)); });
    // The call-stack pane: the active frames, innermost on top, as a debugger lists them.
    this.dockStack.textContent = "";
    var list = step.box.querySelector(".st-callstack ol");
    this.dockStack.hidden = !list;
    if (list) {
      this.dockStack.appendChild(el("p", { class: "st-dock-stack-title", text: t("Call stack") }));
      this.dockStack.appendChild(cloneClean(list));
    }
    this.dockBody.scrollTop = 0;
    var hl = main.querySelector(".hll");
    if (hl) {
      var pre = hl.closest("pre");
      if (pre) pre.scrollTop = Math.max(0, hl.offsetTop - pre.clientHeight / 3);
    }
  };

  // `now`: the reader is stepping in the diagram, which is (about to be) on screen.
  Tour.prototype.showDock = function (now) {
    var show = this.open && this.index >= 0 && (now || this.inView || this.d.isFull());
    if (this.dock.hidden === !show) return;
    this.dock.hidden = !show;
    document.documentElement.classList.toggle("st-docked", show);
    this.placeDock();
  };

  // Under the full-screen diagram, or across the page's content grid.
  Tour.prototype.placeDock = function () {
    var grid = document.querySelector(".md-main__inner");
    if (this.d.isFull() || !grid) {
      this.dock.style.left = this.dock.style.width = "";
      return;
    }
    var r = grid.getBoundingClientRect();
    this.dock.style.left = Math.max(0, r.left) + "px";
    this.dock.style.width = Math.min(window.innerWidth, r.width) + "px";
  };

  Tour.prototype.onArrowClick = function (ev) {
    var link = ev.target.closest && ev.target.closest("a");
    var mark = link && link.closest("[data-step]");
    if (!mark) return;
    var href = linkHref(link);
    // Only links to this page's own steps; a sub-flow box links to its own page.
    if (!sameDocument(href)) return;
    var i = this.indexOf(Number(STEP_HASH.exec(new URL(href, location.href).hash)[1]));
    if (i < 0) return;
    ev.preventDefault();
    this.select(i, "diagram");
  };

  Tour.prototype.onKey = function (ev) {
    if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    if (isTyping(ev.target)) return;
    if (ev.key === "Escape" && this.open && !this.d.isFull()) {
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
    var below = this.steps[0].heading.getBoundingClientRect().top < window.innerHeight / 2;
    this.move(ev.key === "ArrowRight" ? 1 : -1, this.d.isFull() || this.d.visible() || !below);
  };

  Tour.prototype.indexOf = function (n) {
    for (var i = 0; i < this.steps.length; i++) if (this.steps[i].n === n) return i;
    return -1;
  };

  // A #step-N in the address bar (opened, or a link followed) selects that step; the
  // browser has already scrolled to its section.
  Tour.prototype.fromHash = function () {
    var m = STEP_HASH.exec(location.hash);
    var i = m ? this.indexOf(Number(m[1])) : -1;
    if (i >= 0 && i !== this.index) this.select(i, "", true);
  };

  // Material's navigation.tracking rewrites the hash after every scroll to the last
  // heading passed; while the reader steps through the diagram, the step wins.
  Tour.prototype.onScroll = function () {
    var self = this;
    clearTimeout(this.hashTimer);
    this.hashTimer = setTimeout(function () {
      var step = self.current();
      if (step && !self.dock.hidden && location.hash !== "#step-" + step.n) {
        history.replaceState(history.state, "", "#step-" + step.n);
      }
    }, 350);
  };

  Tour.prototype.destroy = function () {
    clearTimeout(this.hashTimer);
    this.observer.disconnect();
    document.documentElement.classList.remove("st-docked");
    var step = this.current();
    if (step) {
      step.heading.classList.remove("st-step-current");
      step.box.classList.remove("st-step-current");
    }
    this.d.svg.querySelectorAll(".st-current").forEach(function (n) { n.classList.remove("st-current"); });
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

  function mount() {
    if (teardown) teardown();
    var ctrl = new AbortController();
    var parts = [];
    var diagrams = [];
    document.querySelectorAll(".st-diagram.st-sequence").forEach(function (wrap) {
      // A level of detail not shown (`hidden` in .st-levels) waits for the level switcher.
      if (wrap.hidden || !wrap.querySelector("svg") || wrap.classList.contains("st-enhanced")) return;
      var d = new Diagram(wrap, ctrl.signal);
      diagrams.push(d);
      parts.push(d);
    });
    // Step-through needs this page's walkthrough: the first diagram whose arrows link
    // to the sections below it.
    var steps = readSteps();
    var main = diagrams.filter(function (d) {
      var a = d.svg.querySelector("[data-step] a");
      return a && sameDocument(linkHref(a));
    })[0];
    if (main && steps.length) parts.push(new Tour(main, steps, ctrl.signal));
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
    window.document$.subscribe(mount);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
