/* The book's reader layer (booktools/ext/reader_ui.py); no theme JavaScript is changed.
 *
 * 1. ☰ and the page-contents button. pydata-sphinx-theme 0.17 binds its handlers to the first
 *    `.primary-toggle` / `.secondary-toggle` in the document, a hidden header button
 *    (pydata-sphinx-theme issue #2451), so the visible buttons did nothing; the book does not
 *    load that script (book-theme.js). Every toggle gets a handler: on narrow screens it moves
 *    the sidebar into the theme's own dialog (#pst-primary-sidebar-modal,
 *    #pst-secondary-sidebar-modal) and opens it as a modal (Escape, a tap on the backdrop or
 *    following a link closes it); on wide screens it folds or unfolds the sidebar and
 *    remembers the choice across pages (localStorage).
 * 2. Every figure and plot image links to the image itself, so a tap opens it full size.
 *    (The figures themselves are drawn so that their text reads at 11 CSS px or more in a
 *    phone's column, with no sideways scrolling: booktools/figures.py.)
 * 3. The glossary's filter box: Korean, English, abbreviations, accepted forms, ids and 초성
 *    (ㄱㅈㅎ finds 과적합), with the keys computed at build time (booktools/glossary/filter.py).
 */
(function () {
  "use strict";
  var SIDES = {
    primary: { wide: "(min-width: 992px)" },
    secondary: { wide: "(min-width: 1200px)" },
  };
  var root = document.documentElement;
  var storageKey = function (side) { return "book-" + side + "-sidebar-hidden"; };

  function remembered(side) {
    try { return window.localStorage.getItem(storageKey(side)) === "1"; } catch (e) { return false; }
  }
  function remember(side, hidden) {
    try { window.localStorage.setItem(storageKey(side), hidden ? "1" : "0"); } catch (e) { /* private mode */ }
  }
  // Applied while the <head> is parsed, so a folded sidebar never flashes open.
  Object.keys(SIDES).forEach(function (side) {
    root.classList.toggle("book-" + side + "-hidden", remembered(side));
  });

  function moveContents(from, to) {
    Array.from(from.childNodes).forEach(function (node) { to.appendChild(node); });
    Array.from(from.classList).forEach(function (cls) { from.classList.remove(cls); to.classList.add(cls); });
  }

  function setUpSide(side) {
    var sidebar = document.getElementById("pst-" + side + "-sidebar");
    var dialog = document.getElementById("pst-" + side + "-sidebar-modal");
    var buttons = Array.from(document.querySelectorAll("." + side + "-toggle"));
    if (!sidebar || !dialog || !buttons.length) return;
    var wide = window.matchMedia(SIDES[side].wide);

    function showState() {
      var expanded = wide.matches ? !root.classList.contains("book-" + side + "-hidden") : dialog.open;
      buttons.forEach(function (b) {
        b.setAttribute("aria-expanded", String(expanded));
        b.setAttribute("aria-controls", wide.matches ? sidebar.id : dialog.id);
      });
    }
    function closeDialog() {
      // The dialog's "close" event is queued as a task; the navigation goes back at once, so
      // no frame shows the page without it.
      if (dialog.open) { dialog.close(); restore(); }
    }
    function restore() {
      // The theme's own close handler may already have moved everything back.
      if (dialog.childNodes.length) moveContents(dialog, sidebar);
      showState();
    }

    buttons.forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        if (wide.matches) {
          var hidden = root.classList.toggle("book-" + side + "-hidden");
          remember(side, hidden);
        } else if (!dialog.open) {
          moveContents(sidebar, dialog);
          dialog.showModal();
          var first = dialog.querySelector("a[href], button, input");
          if (first) first.focus();
        }
        showState();
      });
    });
    dialog.addEventListener("close", function () {
      restore();
      var back = buttons.find(function (b) { return b.offsetParent !== null; });
      if (back) back.focus();
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); closeDialog(); }
    });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) closeDialog();  // a tap on the backdrop
    });
    wide.addEventListener("change", function () { closeDialog(); showState(); });
    showState();
  }

  function linkImagesToFullSize() {
    document.querySelectorAll("main figure img, main .cell_output img").forEach(function (img) {
      if (img.closest("a")) return;
      var link = document.createElement("a");
      link.href = img.getAttribute("src");
      link.className = "reference internal image-reference book-full-size";
      img.parentNode.insertBefore(link, img);
      link.appendChild(img);
    });
  }

  var CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ";
  function normalise(text) { return text.replace(/[\s\-_·]+/g, "").toLowerCase(); }
  function isInitials(q) {
    return q.length > 0 && Array.from(q).every(function (ch) { return CHOSEONG.indexOf(ch) >= 0; });
  }
  function termMatches(keys, query) {
    var q = normalise(query);
    if (!q) return true;
    var pool = isInitials(q) ? keys.initials : keys.text;
    return pool.some(function (key) { return key.indexOf(q) >= 0; });
  }

  function setUpGlossaryFilter() {
    var data = document.getElementById("book-glossary-data");
    var box = document.querySelector(".book-glossary-filter-box");
    if (!data || !box) return;
    var parsed = JSON.parse(data.textContent);
    var input = box.querySelector("input");
    var status = box.querySelector(".book-glossary-filter-status");
    var glossary = box.closest(".book-glossary");
    var folded = glossary.querySelector("details.book-glossary-unused");
    var entries = Object.keys(parsed.keys).map(function (anchor) {
      var dt = document.getElementById(anchor);
      return { keys: parsed.keys[anchor], dt: dt, dd: dt && dt.nextElementSibling };
    }).filter(function (e) { return e.dt; });
    var wasOpen = folded ? folded.open : false;

    function apply() {
      var query = input.value.trim();
      var shown = 0;
      entries.forEach(function (e) {
        var ok = termMatches(e.keys, query);
        e.dt.hidden = !ok;
        if (e.dd) e.dd.hidden = !ok;
        if (ok) shown += 1;
      });
      glossary.querySelectorAll("dl.book-glossary-list").forEach(function (dl) {
        var any = dl.querySelector("dt:not([hidden])") !== null;
        var heading = dl.previousElementSibling;
        if (heading && heading.classList.contains("book-glossary-group")) heading.hidden = !any;
      });
      if (folded) folded.open = query ? true : wasOpen;
      glossary.classList.toggle("book-glossary--filtered", query !== "");
      status.textContent = !query ? "" : shown === 0
        ? parsed.ui.filter_none.replace("{q}", query)
        : parsed.ui.filter_count.replace("{n}", shown).replace("{total}", entries.length);
    }
    box.hidden = false;
    input.addEventListener("input", apply);
    if (folded) folded.addEventListener("toggle", function () { if (!input.value.trim()) wasOpen = folded.open; });
    var initial = new URLSearchParams(window.location.search).get("filter");
    if (initial) { input.value = initial; apply(); }
  }

  function ready() {
    Object.keys(SIDES).forEach(setUpSide);
    linkImagesToFullSize();
    setUpGlossaryFilter();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
