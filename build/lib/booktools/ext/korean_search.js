/*
 * Korean query normalisation for Sphinx's search (inserted into language_data.js by
 * booktools/ext/korean_search.py). The index holds Kiwi's nouns and stems; here each
 * query word is reduced to what the index contains:
 *   1. a word the index already has is kept (ReLU, 신경망, 경사하강법, ...);
 *   2. otherwise Korean particles and endings are stripped, longest first, until an
 *      indexed stem remains (신경망에서는 → 신경망, 필터를 → 필터, 편향은 → 편향);
 *   3. otherwise an unspaced compound is split into indexed parts (경사하강법 → 경사 하강법);
 *   4. otherwise the particle-stripped word is searched as typed.
 */
var KoreanQuery = (function () {
  "use strict";
  var HANGUL = /[\uac00-\ud7a3]/;
  // Particles (조사), copula forms and common endings after 하다/되다/시키다 nouns.
  var SUFFIXES = [
    "에서부터", "으로부터", "에서는", "에서도", "에서의", "으로는", "으로도", "으로서", "으로써", "이라는", "이라고",
    "에게서", "까지는", "부터는", "이라면", "이지만", "입니다", "이에요", "이었다", "였다", "이다", "이며", "이고",
    "에서", "에게", "께서", "으로", "부터", "까지", "보다", "처럼", "마다", "조차", "마저", "이나", "이란", "이라",
    "에는", "에도", "에의", "로는", "로도", "로서", "로써", "과는", "와는", "과도", "와도", "만을", "만이", "만의",
    "라는", "라고", "이든", "든지", "이랑", "랑",
    "시킨다", "시키는", "시키고", "시켜서", "시켰다", "시키면", "시킬", "시켜",
    "합니다", "했다", "한다", "하는", "하고", "하여", "해서", "하면", "하기", "하지", "할", "함", "해", "한",
    "됩니다", "되었다", "된다", "되는", "되고", "되어", "돼서", "되면", "되기", "될", "됨", "된",
    "적인", "적으로",
    "은", "는", "이", "가", "을", "를", "의", "에", "로", "와", "과", "도", "만", "나", "며", "고", "들"
  ].sort(function (a, b) { return b.length - a.length; });

  function indexHas(word) {
    if (typeof Search === "undefined" || !Search._index) return false;
    var idx = Search._index;
    return Object.prototype.hasOwnProperty.call(idx.terms, word) ||
      Object.prototype.hasOwnProperty.call(idx.titleterms, word);
  }

  function stripOnce(word) {
    var out = [];
    for (var i = 0; i < SUFFIXES.length; i++) {
      var s = SUFFIXES[i];
      if (word.length > s.length && word.slice(-s.length) === s) out.push(word.slice(0, -s.length));
    }
    return out;
  }

  // Breadth-first over suffix strippings (at most three), longest remaining stem first.
  function strippedForms(word) {
    var seen = {}, frontier = [word], all = [];
    for (var depth = 0; depth < 3; depth++) {
      var next = [];
      frontier.forEach(function (w) {
        stripOnce(w).forEach(function (base) {
          if (!seen[base]) { seen[base] = true; next.push(base); all.push(base); }
        });
      });
      frontier = next;
    }
    return all.sort(function (a, b) { return b.length - a.length; });
  }

  // Greedy longest-first split of a compound into indexed parts; null if impossible.
  function segment(word, has) {
    var parts = [], i = 0;
    while (i < word.length) {
      var found = null;
      for (var j = word.length; j > i + 1; j--) {
        if (has(word.slice(i, j))) { found = word.slice(i, j); break; }
      }
      if (!found) return null;
      parts.push(found);
      i += found.length;
    }
    return parts.length > 1 ? parts : null;
  }

  function normalize(word, has) {
    has = has || indexHas;
    if (!HANGUL.test(word) || has(word)) return [word];
    var forms = strippedForms(word);
    for (var i = 0; i < forms.length; i++) if (has(forms[i])) return [forms[i]];
    var candidates = [word].concat(forms);
    for (var k = 0; k < candidates.length; k++) {
      var parts = segment(candidates[k], has);
      if (parts) return parts;
    }
    return [word];
  }

  var IS_SUFFIX = {};
  SUFFIXES.forEach(function (s) { IS_SUFFIX[s] = true; });

  function split(query, has) {
    var words = query.split(/[^\p{L}\p{N}_]+/gu).filter(function (w) { return w; });
    var out = [];
    words.forEach(function (w) {
      // "ReLU는", "L2를": a Latin word with a Korean particle attached; the particle is dropped.
      var runs = w.match(/[\uac00-\ud7a3]+|[^\uac00-\ud7a3]+/g);
      runs.forEach(function (run, i) {
        if (i > 0 && HANGUL.test(run) && IS_SUFFIX[run]) return;
        out.push.apply(out, normalize(run, has));
      });
    });
    return out;
  }

  return { normalize: normalize, split: split, suffixes: SUFFIXES };
})();

var splitQuery = function (query) { return KoreanQuery.split(query); };

if (typeof module !== "undefined" && module.exports) module.exports = KoreanQuery;
