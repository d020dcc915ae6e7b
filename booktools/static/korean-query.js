/*
 * Korean query analysis for the book's search page (booktools/static/book-search.js), loaded on
 * the search page of both languages. The Korean index (booktools/ext/korean_search.py) holds
 * Kiwi's nouns and stems; here each query word is reduced to what the index contains:
 *   1. a word the index already has is kept (ReLU, 신경망, 경사하강법, ...);
 *   2. otherwise particles (조사) and endings (어미) are stripped, longest first, until an indexed
 *      stem remains (신경망에서는 → 신경망, 필터를 → 필터, 편향은 → 편향, 계산하나요 → 계산);
 *   3. otherwise an unspaced compound is split into indexed parts (경사하강법 → 경사 하강법);
 *   4. otherwise the particle-stripped word is searched as typed.
 * Question words and contentless stems (어떻게, 무엇, 왜, 하, 되, 있, ...) are dropped: the index
 * side drops the same stems by their part-of-speech tags.
 * A word is "soft" when only a verbal ending was stripped from it (막으려면 → 막): it ranks
 * results but is not required to be on every page.
 */
var KoreanQuery = (function () {
  "use strict";
  var HANGUL = /[\uac00-\ud7a3]/;
  // Particles (조사) and copula forms: what is left is a noun as written.
  var PARTICLES = [
    "에서부터", "으로부터", "에서는", "에서도", "에서의", "으로는", "으로도", "으로서", "으로써", "이라는", "이라고",
    "에게서", "까지는", "부터는", "이라면", "이지만", "입니다", "이에요", "이었다", "였다", "이다", "이며", "이고",
    "에서", "에게", "께서", "으로", "부터", "까지", "보다", "처럼", "마다", "조차", "마저", "이나", "이란", "이라",
    "에는", "에도", "에의", "로는", "로도", "로서", "로써", "과는", "와는", "과도", "와도", "만을", "만이", "만의",
    "라는", "라고", "이든", "든지", "이랑", "랑", "란", "이야", "인가요", "인가", "인지", "이죠", "예요", "에요",
    "적인", "적으로",
    "은", "는", "이", "가", "을", "를", "의", "에", "로", "와", "과", "도", "만", "나", "며", "고", "들"
  ];
  // Verbal endings, including those after 하다/되다/시키다 nouns (계산하나요, 초기화하면).
  var ENDINGS = [
    "시킨다", "시키는", "시키고", "시켜서", "시켰다", "시키면", "시킬", "시켜",
    "하나요", "하려면", "하는지", "하는데", "할까요", "해야", "했나요", "합니까", "하죠",
    "됩니까", "되나요", "되려면", "되는지", "될까요",
    "합니다", "했다", "한다", "하는", "하고", "하여", "해서", "하면", "하기", "하지", "할", "함", "해", "한",
    "됩니다", "되었다", "된다", "되는", "되고", "되어", "돼서", "되면", "되기", "될", "됨", "된",
    "으려면", "려면", "나요", "는지", "을까요", "까요", "습니까", "ㅂ니까", "는데", "은데", "니까",
    "는", "은", "면", "으면", "고", "지", "죠", "요"
  ];
  var SUFFIXES = PARTICLES.concat(ENDINGS).filter(function (s, i, all) { return all.indexOf(s) === i; })
    .sort(function (a, b) { return b.length - a.length; });
  var IS_PARTICLE = {}, IS_SUFFIX = {};
  PARTICLES.forEach(function (s) { IS_PARTICLE[s] = true; });
  SUFFIXES.forEach(function (s) { IS_SUFFIX[s] = true; });
  // Question words and stems with no content of their own, as typed or after stripping.
  var STOP = {};
  ["어떻게", "어떻", "어떤", "어떠", "무엇", "무엇인가요", "뭐", "뭔가요", "뭔지", "뭐예요", "뭘", "무슨", "왜", "언제",
   "어디", "어디서", "누가", "얼마나", "얼마", "몇", "어느",
   "하", "되", "있", "없", "같", "않", "안", "못", "것", "거", "수", "때", "좀", "잘", "더", "그", "이", "저",
   "방법", "법", "이유", "차이", "뜻", "설명", "알려", "궁금", "질문", "쓰", "하나", "해야"
  ].forEach(function (w) { STOP[w] = true; });

  function stripOnce(word) {
    var out = [];
    for (var i = 0; i < SUFFIXES.length; i++) {
      var s = SUFFIXES[i];
      if (word.length > s.length && word.slice(-s.length) === s) out.push([word.slice(0, -s.length), !IS_PARTICLE[s]]);
    }
    return out;
  }

  // Breadth-first over suffix strippings (at most three), longest remaining stem first.
  // Each form records whether a verbal ending was stripped on the way.
  function strippedForms(word) {
    var seen = {}, frontier = [[word, false]], all = [];
    for (var depth = 0; depth < 3; depth++) {
      var next = [];
      frontier.forEach(function (entry) {
        stripOnce(entry[0]).forEach(function (stripped) {
          var base = stripped[0], verbal = entry[1] || stripped[1];
          if (!(base in seen)) { seen[base] = verbal; next.push([base, verbal]); all.push([base, verbal]); }
        });
      });
      frontier = next;
    }
    return all.sort(function (a, b) { return b[0].length - a[0].length || a[1] - b[1]; });
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

  // One Hangul run -> {terms, soft}: the index terms it stands for.
  function analyze(word, has) {
    if (!HANGUL.test(word) || has(word)) return { terms: [word], soft: false };
    var forms = strippedForms(word);
    for (var i = 0; i < forms.length; i++) {
      // a one-syllable stem left by stripping (막는 → 막) is a verb stem, whatever was stripped
      if (has(forms[i][0])) return { terms: [forms[i][0]], soft: forms[i][1] || forms[i][0].length === 1 };
    }
    var candidates = [[word, false]].concat(forms);
    for (var k = 0; k < candidates.length; k++) {
      var parts = segment(candidates[k][0], has);
      if (parts) return { terms: parts, soft: candidates[k][1] };
    }
    var particleless = forms.filter(function (f) { return !f[1]; });
    return { terms: [particleless.length ? particleless[0][0] : word], soft: false };
  }

  function isStop(word) {
    if (STOP[word]) return true;
    return strippedForms(word).some(function (f) { return STOP[f[0]] && f[0].length > 1; });
  }

  // A typed word -> list of {terms, soft}; "ReLU는", "L2를": a Latin word with a particle attached.
  function analyzeWord(word, has) {
    var runs = word.match(/[\uac00-\ud7a3]+|[^\uac00-\ud7a3]+/g) || [];
    var out = [];
    runs.forEach(function (run, i) {
      if (i > 0 && HANGUL.test(run) && IS_SUFFIX[run]) return;
      if (HANGUL.test(run) && isStop(run)) return;
      var result = analyze(run, has);
      result.terms = result.terms.filter(function (t) { return !STOP[t]; });
      if (result.terms.length) out.push(result);
    });
    return out;
  }

  // The whole query -> flat list of index terms (what the index side makes of the same text).
  function split(query, has) {
    var out = [];
    query.split(/[^\p{L}\p{N}_]+/gu).filter(function (w) { return w; }).forEach(function (w) {
      analyzeWord(w, has).forEach(function (r) { out.push.apply(out, r.terms); });
    });
    return out;
  }

  return {
    analyze: analyze, analyzeWord: analyzeWord, split: split, isStop: isStop,
    strippedForms: function (w) { return strippedForms(w).map(function (f) { return f[0]; }); },
    suffixes: SUFFIXES
  };
})();

if (typeof module !== "undefined" && module.exports) module.exports = KoreanQuery;
