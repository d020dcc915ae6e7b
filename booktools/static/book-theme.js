/* What pydata-sphinx-theme.js does on the book's pages, loaded in its place
 * (booktools/templates/layout.html, block scripts_end; booktools/ext/lean_pages.py).
 *
 * The theme's script costs a phone 300–570 ms of blocked main thread on a long page
 * (Lighthouse, mobile preset): at the `load` event it reads the scroll size of every code
 * block and output and writes its tabIndex in turn, and each read forces a fresh layout of
 * a page whose off-screen sections are otherwise left unrendered (content-visibility).
 * This file keeps the behaviour the book uses and does its layout reads only for what is
 * on screen:
 *   1. the colour mode button (auto → dark → light, remembered; follows the system in auto);
 *   2. the search button and Ctrl+K / ⌘K open the search dialog; Escape or a tap outside
 *      closes it;
 *   3. the left sidebar opens scrolled to the current page, and keeps its scroll position
 *      from page to page;
 *   4. the page's table of contents marks the section being read, and the one a link
 *      jumped to;
 *   5. a code block, output or table that scrolls sideways can be reached with Tab: each
 *      starts as a stop (tabindex="0", written at build time by booktools/ext/lean_pages.py)
 *      and loses it if it fits, checked when it first comes on screen, after a resize, and
 *      for the whole page at the reader's first Tab.
 *   6. Bootstrap, which only the header menus and the tooltips use, is loaded at the first
 *      hover, focus or tap on one of them (its <script> waits in the inert
 *      <template id="book-on-demand-scripts">); a tap that arrives before it has loaded
 *      still opens the menu.
 * The ☰ and contents buttons are book-reader.js's. Left out, because the book does not use
 * them: search-as-you-type, the version switcher, announcement banners and the collapsible
 * sidebar button.
 */
(function () {
  "use strict";
  var root = document.documentElement;

  /* 1. Colour mode */
  var prefersDark = window.matchMedia("(prefers-color-scheme: dark)");
  var MODES = ["auto", "dark", "light"];

  function store(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode */ }
  }
  function stored(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function applyMode(mode) {
    if (MODES.indexOf(mode) < 0) mode = "auto";
    var theme = mode === "auto" ? (prefersDark.matches ? "dark" : "light") : mode;
    // Written only when they change: a write to <html> restyles the whole page.
    if (root.dataset.mode !== mode) root.dataset.mode = mode;
    if (root.dataset.theme !== theme) root.dataset.theme = theme;
    document.querySelectorAll(".dropdown-menu").forEach(function (menu) {
      menu.classList.toggle("dropdown-menu-dark", theme === "dark");
    });
    return theme;
  }
  function setMode(mode) {
    var theme = applyMode(mode);
    store("mode", root.dataset.mode);
    store("theme", theme);
  }
  function nextMode() {
    var current = stored("mode") || root.dataset.defaultMode || "auto";
    // From auto, the first press always changes what the reader sees.
    var order = prefersDark.matches ? ["auto", "light", "dark"] : ["auto", "dark", "light"];
    return order[(order.indexOf(current) + 1) % order.length];
  }
  function setUpColourMode() {
    applyMode(root.dataset.mode);
    prefersDark.addEventListener("change", function () {
      if (root.dataset.mode === "auto") applyMode("auto");
    });
    document.querySelectorAll(".theme-switch-button").forEach(function (button) {
      button.addEventListener("click", function () { setMode(nextMode()); });
    });
  }

  /* 2. Search dialog */
  var onMac = /^Mac|^iPhone|^iPad/.test(navigator.platform || "");

  function closeOnBackdrop(dialog) {
    dialog.addEventListener("click", function (event) {
      if (!dialog.open) return;
      var box = dialog.getBoundingClientRect();
      var outside = event.clientX < box.left || event.clientX > box.right ||
        event.clientY < box.top || event.clientY > box.bottom;
      if (outside) dialog.close();
    });
  }
  function setUpSearch() {
    var dialog = document.getElementById("pst-search-dialog");
    if (!dialog) return;
    function toggle() {
      if (dialog.open) { dialog.close(); return; }
      dialog.showModal();
      var input = dialog.querySelector("input");
      if (input) { input.focus(); input.select(); }
    }
    document.querySelectorAll(".search-button__button").forEach(function (button) {
      button.addEventListener("click", function (event) { event.preventDefault(); toggle(); });
    });
    if (onMac) {
      document.querySelectorAll(".search-button__kbd-shortcut kbd.kbd-shortcut__modifier")
        .forEach(function (kbd) { kbd.textContent = "⌘"; });
    }
    window.addEventListener("keydown", function (event) {
      var modifier = onMac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
      if (modifier && !event.shiftKey && !event.altKey && /^k$/i.test(event.key)) {
        event.preventDefault();
        toggle();
      }
    }, true);
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); event.stopPropagation(); dialog.close(); }
    });
    closeOnBackdrop(dialog);
  }

  /* 3. Left sidebar scrolled to the current page */
  var SCROLL_KEY = "sidebar-scroll-top";

  function setUpSidebarScroll() {
    var sidebar = document.querySelector("div.bd-sidebar");
    var nav = document.querySelector(".bd-docs-nav");
    if (!sidebar || !nav) return;
    var saved = NaN;
    try { saved = parseInt(window.sessionStorage.getItem(SCROLL_KEY), 10); } catch (e) { /* no storage */ }
    window.addEventListener("pagehide", function () {
      try { window.sessionStorage.setItem(SCROLL_KEY, String(sidebar.scrollTop)); } catch (e) { /* no storage */ }
    });
    if (!isNaN(saved)) { sidebar.scrollTop = saved; return; }
    var active = nav.querySelectorAll(".active");
    var current = active[active.length - 1];
    if (!current || !("IntersectionObserver" in window)) return;
    // Positions come from an observer, computed with the page's own layout: no forced layout.
    var observer = new IntersectionObserver(function (changes) {
      observer.disconnect();
      var link = changes[0].boundingClientRect;
      var box = changes[0].rootBounds;
      if (box && box.height && link.top - box.top > box.height / 2) {
        sidebar.scrollTop += link.top - box.top - box.height / 4;
      }
    }, { root: sidebar });
    observer.observe(current);
  }

  /* 4. The table of contents follows the reading */
  function setUpTocSync() {
    var toc = document.getElementById("pst-page-toc-nav");
    if (!toc || !("IntersectionObserver" in window)) return;
    var links = Array.from(toc.querySelectorAll("a[href^='#']"));
    var entries = Array.from(toc.querySelectorAll(".toc-entry"));
    var linkFor = new Map();
    links.forEach(function (link) {
      var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!target) return;
      var heading = target.querySelector("h1, h2, h3, h4, h5, h6") || target;
      linkFor.set(heading, link);
    });
    if (!linkFor.size) return;
    var pausedUntil = 0;

    function activate(link) {
      links.forEach(function (other) {
        var on = other === link;
        other.classList.toggle("active", on);
        if (on) other.setAttribute("aria-current", "true"); else other.removeAttribute("aria-current");
      });
      entries.forEach(function (entry) { entry.classList.toggle("active", entry.contains(link)); });
    }
    function followHash(hash) {
      var link = links.find(function (l) { return l.hash === hash; });
      if (!link) return;
      pausedUntil = Date.now() + 1000;  // while the browser scrolls to the section
      activate(link);
    }
    var observer = null;
    function observe(headerHeight) {
      if (observer) observer.disconnect();
      observer = new IntersectionObserver(function (changes) {
        if (Date.now() < pausedUntil) return;
        var seen = changes.filter(function (c) { return c.isIntersecting; }).pop();
        if (seen) activate(linkFor.get(seen.target));
      }, { rootMargin: "-" + headerHeight + "px 0px -70% 0px", threshold: 0 });
      linkFor.forEach(function (_link, heading) { observer.observe(heading); });
    }
    if (window.location.hash) followHash(window.location.hash);
    window.addEventListener("hashchange", function () { followHash(window.location.hash); });
    window.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a");
      if (link && link.hash && link.hash === window.location.hash && link.origin === window.location.origin) {
        followHash(link.hash);
      }
    });
    // Headings count as read below the sticky header; its height, too, comes from an observer.
    var header = document.getElementById("pst-header");
    if (!header) { observe(0); return; }
    var headerHeight = -1;
    var headerWatch = new IntersectionObserver(function (changes) {
      var height = Math.round(changes[changes.length - 1].boundingClientRect.height);
      if (height !== headerHeight) { headerHeight = height; observe(height); }
    });
    headerWatch.observe(header);
    var resizeTimer = null;
    window.addEventListener("resize", function () {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(function () { headerWatch.unobserve(header); headerWatch.observe(header); }, 300);
    });
  }

  /* 5. Sideways-scrolling blocks reachable by keyboard */
  var SCROLLABLE = "pre, .cell_output > .output, .pst-scrollable-table-container";

  function setUpTabStops() {
    var blocks = Array.from(document.querySelectorAll(SCROLLABLE));
    if (!blocks.length || !("IntersectionObserver" in window)) return;
    var onScreen = new Set();
    function update(elements) {
      // All reads first, then all writes: one layout, not one per block.
      var stops = elements.map(function (el) {
        return el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight ? 0 : -1;
      });
      elements.forEach(function (el, i) { if (el.tabIndex !== stops[i]) el.tabIndex = stops[i]; });
    }
    var observer = new IntersectionObserver(function (changes) {
      var arrived = [];
      changes.forEach(function (c) {
        if (c.isIntersecting) { onScreen.add(c.target); arrived.push(c.target); } else { onScreen.delete(c.target); }
      });
      if (arrived.length) update(arrived);
    });  // on screen only: what is off screen is not laid out yet (content-visibility)
    blocks.forEach(function (el) { observer.observe(el); });
    // A keyboard reader's first Tab checks every block, so Tab never skips one further down.
    window.addEventListener("keydown", function onTab(event) {
      if (event.key !== "Tab") return;
      window.removeEventListener("keydown", onTab, true);
      update(blocks);
    }, true);
    var resizeTimer = null;
    window.addEventListener("resize", function () {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(function () { update(Array.from(onScreen)); }, 300);
    });
  }

  /* 6. Bootstrap on demand */
  var BOOTSTRAP_USERS = "[data-bs-toggle]";
  var bootstrapLoading = null;

  function loadBootstrap() {
    if (window.bootstrap) return Promise.resolve(window.bootstrap);
    if (bootstrapLoading) return bootstrapLoading;
    var template = document.getElementById("book-on-demand-scripts");
    var listed = template && template.content.querySelector("script[src]");
    if (!listed) return Promise.reject(new Error("no bootstrap.js in #book-on-demand-scripts"));
    bootstrapLoading = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = listed.getAttribute("src");
      script.onload = function () { resolve(window.bootstrap); };
      script.onerror = function () { bootstrapLoading = null; reject(new Error("could not load " + script.src)); };
      document.body.appendChild(script);
    });
    return bootstrapLoading;
  }
  function setUpBootstrapOnDemand() {
    if (!document.querySelector(BOOTSTRAP_USERS)) return;
    function wanted(event) {
      if (event.target.closest && event.target.closest(BOOTSTRAP_USERS)) {
        ["pointerover", "focusin", "touchstart"].forEach(function (type) {
          document.removeEventListener(type, wanted, true);
        });
        loadBootstrap().catch(function (error) { console.error("book-theme.js:", error.message); });
      }
    }
    ["pointerover", "focusin", "touchstart"].forEach(function (type) {
      document.addEventListener(type, wanted, { capture: true, passive: true });
    });
    // A menu tapped before Bootstrap is there opens once it is (Bootstrap handles the rest).
    document.addEventListener("click", function (event) {
      var toggle = event.target.closest && event.target.closest("[data-bs-toggle='dropdown']");
      if (!toggle || window.bootstrap) return;
      event.preventDefault();
      loadBootstrap().then(function (bootstrap) {
        bootstrap.Dropdown.getOrCreateInstance(toggle).toggle();
      }).catch(function (error) { console.error("book-theme.js:", error.message); });
    }, true);
  }

  function ready(callback) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", callback);
    else callback();
  }
  ready(function () {
    [setUpColourMode, setUpSearch, setUpSidebarScroll, setUpTocSync, setUpTabStops,
     setUpBootstrapOnDemand].forEach(function (setUp) {
      try { setUp(); } catch (error) { console.error("book-theme.js:", setUp.name, error); }
    });
  });
})();
