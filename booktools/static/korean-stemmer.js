/*
 * Stemmer of the Korean search language (SearchKorean.js_stemmer_code in
 * booktools/ext/korean_search.py). The index already holds Kiwi's stems and Latin words in
 * lower case, so a query word is only lower-cased, the same as SearchKorean.stem().
 */
var Stemmer = function () {
  this.stemWord = function (w) {
    return String(w).toLowerCase();
  };
};
