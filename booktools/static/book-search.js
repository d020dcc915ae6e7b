/*
 * The book's search page (booktools/ext/book_search.py), for both languages. It reads Sphinx's
 * searchindex.js (which calls Search.setIndex) and:
 *   1. expands glossary forms: any form of a glossary term (canonical, accepted, discouraged,
 *      English, abbreviation; with or without spaces, with particles) searches as every
 *      canonical form of the term, and says so when the reader typed a variant;
 *   2. drops question words and contentless endings (korean-query.js, and a short English list);
 *   3. ranks pages that contain every query word first; when none does, pages matching more
 *      query words first (title and heading matches weighted), so a question never comes back
 *      empty because of one word the book does not use;
 *   4. links each result to the section where the words occur (its id in the built page), with
 *      the section title and a snippet with the words highlighted;
 *   5. answers "nothing found" with what was searched and close glossary terms.
 * Loaded only on the search page, deferred: language_data.js (Stemmer, stopwords),
 * book-search-data.js (BOOK_SEARCH_DATA: glossary forms, UI strings), korean-query.js, this
 * file, then searchindex.js.
 */
"use strict";

var Search = {
  _index: null,
  setIndex: (index) => {
    Search._index = index;
    BookSearch.start(index);
  },
};

var BookSearch = (() => {
  const DATA = BOOK_SEARCH_DATA;
  const UI = DATA.ui;
  const HANGUL = /[\uac00-\ud7a3]/;
  const EN_STOP = new Set(["how", "what", "why", "when", "where", "which", "who", "does", "do", "did", "is",
    "are", "was", "were", "can", "could", "should", "would", "i", "you", "we", "it", "the", "a", "an", "to",
    "of", "in", "on", "for", "and", "or", "with", "use", "used", "work", "works", "mean", "means",
    "difference", "between", "explain", "way", "ways"]);
  const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  const squash = (s) => String(s || "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  const stemmer = typeof Stemmer !== "undefined" ? new Stemmer() : { stemWord: (w) => w.toLowerCase() };
  const langStop = typeof stopwords !== "undefined" ? new Set(stopwords) : new Set();
  const korean = typeof KoreanQuery !== "undefined" ? KoreanQuery : null;
  const docsOf = (map, term) => {
    if (!hasOwn(map, term)) return [];
    const v = map[term];
    return typeof v === "number" ? [v] : v;
  };
  const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, k) => values[k]);

  // ---- query analysis -------------------------------------------------------------------

  function latinTerm(word) {
    const lower = word.toLowerCase();
    if (EN_STOP.has(lower) || langStop.has(lower) || /^\d+$/.test(lower)) return null;
    return stemmer.stemWord(lower);
  }

  // One typed word -> [{terms, soft}] (index terms it stands for).
  function analyzeWord(word, has) {
    const out = [];
    for (const part of word.split(/[^\p{L}\p{N}_]+/u).filter(Boolean)) {
      if (HANGUL.test(part) && korean) {
        for (const r of korean.analyzeWord(part, has)) {
          const terms = r.terms.map((t) => (HANGUL.test(t) ? t : latinTerm(t))).filter(Boolean);
          if (terms.length) out.push({ terms, soft: r.soft });
        }
      } else {
        const t = HANGUL.test(part) ? part : latinTerm(part);
        if (t) out.push({ terms: [t], soft: false });
      }
    }
    return out;
  }

  // A glossary form ("합성곱 신경망", "convolutional neural network", "CNN") -> index terms, all required.
  function formTerms(form, has) {
    const joined = squash(form);
    if (HANGUL.test(form) && has(joined)) return [joined];
    const terms = [];
    for (const w of form.split(/\s+/)) for (const r of analyzeWord(w, has)) terms.push(...r.terms);
    return terms;
  }

  // Typed text -> {ids, variant} when it is a form of glossary terms (particles allowed at the end).
  function lookup(text) {
    const key = squash(text);
    if (!key) return null;
    const candidates = [key];
    if (korean && HANGUL.test(key.slice(-1))) {
      candidates.push(...korean.strippedForms(key).filter((k) => k.length >= 2 || key.length <= 3));
    }
    for (const k of candidates) {
      if (hasOwn(DATA.canonical, k)) return { ids: DATA.canonical[k], variant: false };
      if (hasOwn(DATA.variants, k)) return { ids: DATA.variants[k], variant: true };
    }
    return null;
  }

  function termForms(id) {
    const [ko, en, abbr] = DATA.terms[id];
    return [ko, en, abbr].filter(Boolean);
  }

  function termLabel(id) {
    const [ko, en] = DATA.terms[id];
    return DATA.lang === "ko" ? (ko === en ? ko : `${ko}(${en})`) : `${en} (${ko})`;
  }

  // The query -> {groups, ignored, rewrites}. A group is one concept: alternatives (each a list
  // of index terms that must all be on the page), any of which matches.
  function parse(query, has) {
    const words = query.trim().split(/\s+/).filter(Boolean);
    const groups = [], ignored = [], rewrites = [];
    let i = 0;
    while (i < words.length) {
      let found = null;
      for (let j = Math.min(words.length, i + 6); j > i; j--) {
        const text = words.slice(i, j).join(" ");
        const hit = lookup(text);
        if (hit) { found = { text, hit, next: j }; break; }
      }
      if (found) {
        const alts = [];
        const typedKey = squash(found.text);
        for (const id of found.hit.ids) {
          const [ko, en, abbr] = DATA.terms[id];
          const mine = DATA.lang === "ko" ? ko : en;
          // the site's own form first; the other language's words on a page are mostly
          // parenthetical or in references
          for (const form of [ko, en]) alts.push({ terms: formTerms(form, has), w: form === mine ? 1 : 0.7, primary: form === mine });
          // a short abbreviation (ML, GD, BN) is too ambiguous unless it is what was typed
          const typedAbbr = abbr && squash(abbr) === typedKey;
          if (abbr && (abbr.length > 2 || typedAbbr)) alts.push({ terms: formTerms(abbr, has), w: typedAbbr ? 1 : 0.7 });
        }
        if (found.hit.variant) {  // the words as typed, still found where the book uses them
          alts.push({ terms: formTerms(found.text, has), w: 0.4 });
          rewrites.push({ typed: found.text, ids: found.hit.ids });
        }
        const needles = new Set();
        for (const id of found.hit.ids) termForms(id).forEach((f) => needles.add(f.toLowerCase()));
        // the forms as phrases: the index only says each word is somewhere on the page
        const phrases = new Set([...needles, found.text].map(squash).filter((f) => f.length > 1));
        groups.push({ label: found.text, alts: dedupe(alts), soft: false, needles, phrases, ids: found.hit.ids });
        i = found.next;
        continue;
      }
      const analyzed = analyzeWord(words[i], has);
      if (!analyzed.length) ignored.push(words[i]);
      for (const r of analyzed) {
        groups.push({ label: words[i], alts: [{ terms: r.terms, w: 1 }], soft: r.soft, needles: new Set() });
      }
      i++;
    }
    for (const g of groups) {
      for (const a of g.alts) for (const t of a.terms) if (t.length > 1 || !HANGUL.test(t)) g.needles.add(t);
    }
    return { groups, ignored, rewrites };
  }

  function dedupe(alts) {
    const seen = new Map();
    for (const a of alts) {
      if (!a.terms.length) continue;
      const key = a.terms.join(" ");
      if (!seen.has(key) || seen.get(key).w < a.w || (seen.get(key).w === a.w && a.primary)) seen.set(key, a);
    }
    return [...seen.values()];
  }

  // ---- ranking --------------------------------------------------------------------------

  // Per page: its title and section titles (squashed), and which glossary terms it uses.
  function pageFacts(index) {
    const headings = index.docnames.map(() => []);
    for (const [title, places] of Object.entries(index.alltitles)) {
      for (const [doc] of places) headings[doc].push(squash(title));
    }
    const byName = new Map(index.docnames.map((d, i) => [d, i]));
    const usage = new Map();
    for (const [id, pages] of Object.entries(DATA.usage)) {
      usage.set(Number(id), new Set(pages.map((p) => byName.get(p)).filter((d) => d !== undefined)));
    }
    const introduced = new Map();
    for (const [id, page] of Object.entries(DATA.introduced)) introduced.set(Number(id), byName.get(page));
    return { titles: index.titles.map(squash), headings, usage, introduced };
  }

  // How well one index term matches each page: page title (the closer the title is to the
  // term, the more), section headings (the more of them, the more), else the body.
  function termHits(term, index, facts) {
    const hits = new Map();
    const add = (docs, w) => docs.forEach((d) => hits.set(d, Math.max(hits.get(d) || 0, w)));
    const exact = hasOwn(index.terms, term) || hasOwn(index.titleterms, term);
    add(docsOf(index.terms, term), 3);
    add(docsOf(index.titleterms, term), 3);
    if (!exact && term.length > 2) {  // as Sphinx: a longer word that contains the term
      for (const key of Object.keys(index.titleterms)) if (key.includes(term)) add(docsOf(index.titleterms, key), 1);
      for (const key of Object.keys(index.terms)) if (key.includes(term)) add(docsOf(index.terms, key), 1);
    }
    const sq = squash(term);
    if (!sq) return hits;
    for (const [doc, w] of hits) {
      const title = facts.titles[doc];
      const inHeadings = facts.headings[doc].filter((h) => h !== title && h.includes(sq)).length;
      let score = w + 4 * Math.min(3, inHeadings);
      if (title.includes(sq)) score += 10 + 20 * sq.length / title.length;
      hits.set(doc, score);
    }
    return hits;
  }

  function groupHits(group, index, facts, cache) {
    const hits = new Map();
    group.primaryDocs = new Set();
    for (const alt of group.alts) {
      const per = alt.terms.map((t) => {
        if (!cache.has(t)) cache.set(t, termHits(t, index, facts));
        return cache.get(t);
      });
      for (const [doc] of per[0]) {
        if (!per.every((m) => m.has(doc))) continue;
        const score = alt.w * per.reduce((s, m) => s + m.get(doc), 0) / per.length;
        hits.set(doc, Math.max(hits.get(doc) || 0, score));
        if (alt.primary) group.primaryDocs.add(doc);
      }
    }
    // pages that use the term through the glossary role ({term}`id`) are about it, and the
    // first of them in reading order introduces it
    for (const id of group.ids || []) {
      for (const doc of facts.usage.get(id) || []) if (hits.has(doc)) hits.set(doc, hits.get(doc) + 6);
      const first = facts.introduced.get(id);
      if (hits.has(first)) hits.set(first, hits.get(first) + 10);
    }
    return hits;
  }

  // Pages with every required word first (glossary-like pages, which mention every term, after
  // them); when no content page has them all, pages by how many words they match.
  function rank(parsed, index) {
    const n = index.docnames.length;
    const facts = pageFacts(index);
    const lowRank = new Set(DATA.lowRank.map((d) => index.docnames.indexOf(d)));
    const cache = new Map();
    const scored = parsed.groups.map((g) => ({ g, hits: groupHits(g, index, facts, cache) }));
    for (const s of scored) if (!s.hits.size && !parsed.ignored.includes(s.g.label)) parsed.ignored.push(s.g.label);
    const live = scored.filter((s) => s.hits.size);
    const inContent = live.filter((s) => [...s.hits.keys()].some((d) => !lowRank.has(d)));
    let required = inContent.filter((s) => !s.g.soft);
    if (!required.length) required = inContent;
    const docs = new Map();
    for (const s of live) {
      const idf = 1 + Math.log(n / s.hits.size);
      const isRequired = required.includes(s);
      // the glossary mentions every term: it ranks after the chapters, unless no chapter uses
      // the term in this site's language (then its entry is the best answer there is)
      const chapters = !s.g.ids || [...s.g.primaryDocs].some((d) => !lowRank.has(d));
      for (const [doc, w] of s.hits) {
        const entry = docs.get(doc) || { doc, score: 0, count: 0, parts: new Map() };
        const penalized = lowRank.has(doc) && chapters;
        if (penalized) entry.penalized = true;
        const part = w * idf * (isRequired ? 1 : 0.3) * (penalized ? 0.3 : 1);
        entry.score += part;
        entry.parts.set(s.g, { part, required: isRequired });
        if (isRequired) entry.count += 1;
        docs.set(doc, entry);
      }
    }
    let results = [...docs.values()];
    const complete = (r) => r.count === required.length;
    const partial = !results.some((r) => complete(r) && !lowRank.has(r.doc));
    // pages that miss only one of several words follow the complete matches
    const nearly = (r) => required.length > 1 && r.count === required.length - 1;
    const more = !partial && results.some(nearly);
    if (!partial) results = results.filter((r) => complete(r) || nearly(r));
    results.sort((a, b) => b.count - a.count || b.score - a.score ||
      String(index.titles[a.doc]).localeCompare(String(index.titles[b.doc])));
    return { results, partial, more, groups: live.map((s) => s.g) };
  }

  // ---- sections and snippets ------------------------------------------------------------

  const pageUrl = (docname) => docname + DOCUMENTATION_OPTIONS.FILE_SUFFIX;

  function sectionDepth(section) {
    let depth = 0;
    for (let p = section.parentElement; p; p = p.parentElement) if (p.matches("section[id]")) depth++;
    return depth;
  }

  function headingOf(section) {
    const h = section.querySelector(":scope > h1, :scope > h2, :scope > h3, :scope > h4, :scope > h5, :scope > h6");
    return h ? h.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function bestSection(main, groups) {
    let best = null;
    main.querySelectorAll("section[id]").forEach((section, order) => {
      const text = section.textContent.toLowerCase();
      const heading = headingOf(section).toLowerCase();
      let score = 0;
      for (const g of groups) {
        const needles = [...g.needles];
        if (needles.some((x) => text.includes(x))) score += g.soft ? 0.3 : 1;
        if (needles.some((x) => heading.includes(x))) score += 0.5;
      }
      const depth = sectionDepth(section);
      const better = !best || score > best.score || (score === best.score && depth > best.depth);
      if (score > 0 && better) best = { section, score, depth, order };
    });
    return best;
  }

  function snippet(text, groups) {
    const clean = text.replace(/\s+/g, " ").trim();
    const lower = clean.toLowerCase();
    const needles = [...new Set(groups.flatMap((g) => [...g.needles]))].filter((x) => x.length > 1 || !HANGUL.test(x));
    const positions = needles.map((x) => lower.indexOf(x)).filter((p) => p >= 0);
    const at = positions.length ? Math.min(...positions) : 0;
    const start = Math.max(0, at - 80);
    const piece = clean.substr(start, 240);
    const p = document.createElement("p");
    p.className = "context";
    if (start > 0) p.append("…");
    const pattern = needles.length
      ? new RegExp("(" + needles.sort((a, b) => b.length - a.length)
        .map((x) => x.replace(/[.*+\-?^${}()|[\]\\]/g, "\\$&")).join("|") + ")", "giu")
      : null;
    let last = 0;
    if (pattern) {
      for (const m of piece.matchAll(pattern)) {
        p.append(piece.slice(last, m.index));
        const mark = document.createElement("mark");
        mark.className = "highlighted";
        mark.textContent = m[0];
        p.append(mark);
        last = m.index + m[0].length;
      }
    }
    p.append(piece.slice(last));
    if (start + 240 < clean.length) p.append("…");
    return p;
  }

  function occurrences(text, needle) {
    let count = 0;
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) count++;
    return count;
  }

  // Read one result page: the section to link to, its snippet, and how often the page uses
  // each query word (the index records only whether it does).
  async function inspect(result, docname, title, groups) {
    const found = { result, href: pageUrl(docname), label: title, section: null, snippet: null, frequency: 0 };
    try {
      const response = await fetch(pageUrl(docname));
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const main = page.querySelector('[role="main"]') || page.body;
      // equations are TeX source in the page text: left out of snippets
      main.querySelectorAll(".headerlink, script, style, .math, mjx-container").forEach((e) => e.replaceWith(" "));
      const all = main.textContent.toLowerCase();
      const squashed = squash(all);
      for (const g of groups) {
        // a glossary term matched only through scattered words (machine … learning) does not count
        const part = result.parts.get(g);
        if (part && g.phrases && ![...g.phrases].some((f) => squashed.includes(f))) {
          result.score -= part.part;
          if (part.required) result.count -= 1;
        }
        const count = Math.max(0, ...[...g.needles].map((x) => occurrences(all, x)));
        found.frequency += (g.soft ? 0.3 : 1) * Math.log2(1 + count);
      }
      const best = bestSection(main, groups);
      let text = main.textContent;
      if (best) {
        text = best.section.textContent;
        if (best.depth > 0) {
          found.href = pageUrl(docname) + "#" + best.section.id;
          found.label = `${title} › ${headingOf(best.section)}`;
          found.section = best.section.id;
        }
      }
      found.snippet = snippet(text, groups);
    } catch (err) {
      console.warn("book search: could not read", docname, err);
    }
    return found;
  }

  // ---- messages -------------------------------------------------------------------------

  function bigrams(s) {
    const out = new Set();
    for (let i = 0; i < s.length - 1; i++) out.add(s.slice(i, i + 2));
    return out;
  }

  function dice(a, b) {
    const x = bigrams(a), y = bigrams(b);
    if (!x.size || !y.size) return 0;
    let common = 0;
    for (const g of x) if (y.has(g)) common++;
    return (2 * common) / (x.size + y.size);
  }

  // Glossary terms whose forms look like what was typed (character bigrams).
  function suggestions(query) {
    const words = [squash(query), ...query.split(/\s+/).map(squash)].filter((w) => w.length >= 2);
    const best = new Map();
    for (const table of [DATA.canonical, DATA.variants]) {
      for (const [key, ids] of Object.entries(table)) {
        const s = Math.max(0, ...words.map((w) => dice(w, key)));
        if (s >= 0.4) for (const id of ids) best.set(id, Math.max(best.get(id) || 0, s));
      }
    }
    return [...best.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([id]) => id);
  }

  function searchLink(id) {
    const [ko, en] = DATA.terms[id];
    const a = document.createElement("a");
    a.href = "?q=" + encodeURIComponent(DATA.lang === "ko" ? ko : en);
    a.textContent = termLabel(id);
    return a;
  }

  function note(out, className, text) {
    const p = document.createElement("p");
    p.className = "book-search-note " + className;
    p.textContent = text;
    out.appendChild(p);
    return p;
  }

  function showNothing(out, query) {
    const box = document.createElement("div");
    box.className = "book-search-none";
    const ids = suggestions(query);
    const p = document.createElement("p");
    if (ids.length) {
      p.append(UI.suggest + " ");
      ids.forEach((id, i) => {
        if (i) p.append(", ");
        p.append(searchLink(id));
      });
    } else {
      p.append(UI.nosuggest);
    }
    box.appendChild(p);
    const more = document.createElement("p");
    const glossary = document.createElement("a");
    glossary.href = pageUrl(DATA.glossaryPage);
    glossary.textContent = UI.glossary;
    more.appendChild(glossary);
    box.appendChild(more);
    out.appendChild(box);
  }

  // ---- the page -------------------------------------------------------------------------

  async function run(query, index) {
    const out = document.getElementById("search-results");
    const progress = document.getElementById("search-progress");
    const has = (t) => hasOwn(index.terms, t) || hasOwn(index.titleterms, t);
    const parsed = parse(query, has);
    const { results, partial, more, groups } = rank(parsed, index);

    const heading = out.appendChild(document.createElement("h2"));
    heading.textContent = UI.searching;
    const summary = document.createElement("p");
    summary.className = "search-summary";
    out.appendChild(summary);
    if (parsed.rewrites.length) {
      const typed = parsed.rewrites.map((r) => `“${r.typed}”`).join(", ");
      const terms = parsed.rewrites.map((r) => r.ids.map(termLabel).join(" / ")).join(", ");
      note(out, "book-search-rewrite", fill(UI.rewrote, { typed, terms }));
    }
    if (results.length && partial && groups.length > 1) note(out, "book-search-partial", UI.partial);
    if (more) note(out, "book-search-more", UI.more);
    if (results.length && parsed.ignored.length) note(out, "book-search-ignored", fill(UI.ignored, { words: parsed.ignored.join(", ") }));
    const list = document.createElement("ul");
    list.className = "search";
    out.appendChild(list);

    const inspected = await Promise.all(results.map((r) => inspect(r, index.docnames[r.doc], index.titles[r.doc], groups)));
    for (const x of inspected) x.score = x.result.score + 4 * x.frequency * (x.result.penalized ? 0.1 : 1);
    inspected.sort((a, b) => b.result.count - a.result.count || b.score - a.score);
    for (const x of inspected) {
      const item = list.appendChild(document.createElement("li"));
      const link = item.appendChild(document.createElement("a"));
      link.href = x.href;
      link.textContent = x.label;
      link.dataset.score = x.score.toFixed(1);
      if (x.section) link.dataset.section = x.section;
      if (x.snippet) item.appendChild(x.snippet);
    }
    const highlight = [...new Set(groups.flatMap((g) => [...g.needles]))].join(" ");
    try { localStorage.setItem("sphinx_highlight_terms", highlight); } catch (e) { /* private mode */ }
    if (progress) progress.textContent = "";
    heading.textContent = UI.results;
    if (results.length) {
      summary.textContent = fill(UI.found, { n: results.length, q: query });
    } else {
      summary.textContent = fill(UI.none, { q: query });
      showNothing(out, query);
    }
    out.dataset.complete = "true";
  }

  function start(index) {
    const query = new URLSearchParams(window.location.search).get("q") || "";
    document.querySelectorAll('input[name="q"]').forEach((el) => (el.value = query));
    if (query.trim()) run(query, index);
  }

  return { start, parse, rank, squash, lookup };
})();
