/*
 * Sphinx search scorer of the book (html_search_scorer; written per language by
 * booktools/ext/korean_search.py with the glossary map filled in). Sphinx scores a page by
 * the best single matching word, so "합성곱 신경망" ties every page with 신경망 in its title.
 * Here every query word (or its glossary translation) found in the result's title adds a
 * bonus: pages whose title matches more of the query come first.
 */
var BookSearch = {
  // query word (lower case) -> forms of the same glossary term in this site's language
  glossary: __GLOSSARY_MAP__,
  squash: (text) => String(text || "").toLowerCase().replace(/\s+/g, ""),
  queryWords: () => {
    const q = new URLSearchParams(window.location.search).get("q") || "";
    const split = typeof KoreanQuery !== "undefined" && typeof Search !== "undefined" && Search._index
      ? (s) => KoreanQuery.split(s) : (s) => s.split(/[^\p{L}\p{N}_]+/gu).filter((w) => w);
    return split(q).map((w) => w.toLowerCase());
  },
};

var Scorer = {
  score: (result) => {
    const [, title, , , score] = result;
    const squashedTitle = BookSearch.squash(title);
    let bonus = 0;
    for (const word of BookSearch.queryWords()) {
      const forms = [word].concat(BookSearch.glossary[word] || []);
      if (forms.some((f) => squashedTitle.includes(BookSearch.squash(f)))) bonus += 10;
    }
    return score + bonus;
  },
  // Sphinx's defaults below.
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};
