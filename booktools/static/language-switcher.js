// Keeps the reader's place when switching language. Both languages give a section the same
// id (booktools/ext/shared_anchors.py), so the switcher link gets the current #hash or, when
// there is none, the id of the section being read. Without JavaScript the link opens the page.
(() => {
  const link = document.querySelector("a.book-language-switcher");
  if (!link) return;
  const page = link.getAttribute("href").split("#")[0];

  function sectionInView() {
    if (location.hash.length > 1) return decodeURIComponent(location.hash.slice(1));
    let current = null;
    // Sections come in document order, so their tops only grow: the last one that starts
    // above the reading line is the innermost section the reader is in. The page's own
    // (outermost) section is left out: at the top of the page the link stays the plain page.
    for (const section of document.querySelectorAll("article section section[id]")) {
      if (section.getBoundingClientRect().top > 120) break;
      current = section.id;
    }
    return current;
  }

  function keepPlace() {
    const id = sectionInView();
    link.setAttribute("href", id ? `${page}#${encodeURIComponent(id)}` : page);
  }

  for (const type of ["pointerenter", "focus", "mousedown", "touchstart", "click"]) {
    link.addEventListener(type, keepPlace);
  }
})();
