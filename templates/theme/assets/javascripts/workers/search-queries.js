/* The site's search worker: Material's own (named in this script's URL, `?material=search.<hash>.min.js`,
   by templates/theme/main.html), loaded unchanged, with the reader's query rewritten before Material
   reads it. Material 9.x segments a Chinese query against the index's words but never tries a
   word that ends the query (社保卡 is searched as 社保*, so ~400 pages match) and joins the pieces
   as "养老保险* 关系*", which its "missing" line then reports as missing though they are found.
   Here each run of Chinese characters is split into the index's own words (longest first), words
   that carry no meaning (了, 吗, 怎么) are dropped, and each word is passed to Material so that it
   takes the whole word: followed by one more Han character, which its segmenter never reads. */
(function () {
  "use strict";

  var SETUP = 0; // Material's SearchMessageType
  var QUERY = 2;
  var HAN = /\p{sc=Han}+/gu;
  var HAN_CHAR = /\p{sc=Han}/u;
  // Never read by Material's segmenter (it stops one character before the end of a run), and
  // never an index word: ignored even by a segmenter that does read it.
  var END = "\u3007";
  // Function words a reader types in a question (社保卡丢了怎么办), besides lunr's Chinese stop words.
  var FILLERS = ["了", "吗", "呢", "啊", "呀", "怎么", "怎么办", "怎麼", "怎麼辦", "如何", "什么", "什麼", "哪里", "哪裡", "我的"];

  var words = null; // the index's words (lunr's inverted index), once Material has built it
  var starts = null; // each beginning (2 characters or more) of a Chinese word -> the shortest word with it
  var longest = 1;

  function script() {
    // A worker knows its URL; in an offline bundle (file://) the iframe-worker shim runs this
    // file as the first <script src> of a hidden frame instead.
    return typeof document !== "undefined" ? document.querySelector("script[src]").src : self.location.href;
  }

  function isFiller(word) {
    if (FILLERS.indexOf(word) >= 0) return true;
    var zh = self.lunr && self.lunr.zh;
    return Boolean(zh && !zh.stopWordFilter(word));
  }

  function learn(index) {
    words = new Set();
    starts = new Map();
    longest = 1;
    for (var word in index.invertedIndex) {
      if (!HAN_CHAR.test(word)) continue;
      words.add(word);
      longest = Math.max(longest, word.length);
      for (var n = 2; n < word.length; n++) {
        var start = word.slice(0, n);
        var known = starts.get(start);
        if (known === undefined || word.length < known.length) starts.set(start, word);
      }
    }
  }

  // One word of the index at `run[i]`: the longest word there; else the shortest word that
  // begins with the longest piece there that begins a word (浙江 -> 浙江省); else the character,
  // which Material matches to the words beginning with it (丢 finds 丢失). [word, length read].
  function wordAt(run, i) {
    var n;
    var most = Math.min(longest, run.length - i);
    for (n = most; n > 1; n--) if (words.has(run.substr(i, n))) return [run.substr(i, n), n];
    for (n = most; n > 1; n--) if (starts.has(run.substr(i, n))) return [starts.get(run.substr(i, n)), n];
    return [run.charAt(i), 1];
  }

  function split(run) {
    var out = [];
    for (var i = 0; i < run.length; ) {
      var found = wordAt(run, i);
      var word = found[0];
      if (!isFiller(word)) out.push(word.length > 1 ? word + END : word);
      i += found[1];
    }
    return out.join(" ");
  }

  function rewrite(query) {
    return words ? query.replace(HAN, split).trim() : query;
  }

  addEventListener("message", function (event) {
    var message = event.data;
    if (message && message.type === QUERY && typeof message.data === "string") {
      var rewritten = rewrite(message.data);
      // a query of filler words only is searched as typed rather than as nothing
      if (rewritten) message.data = rewritten;
    } else if (message && message.type === SETUP) {
      words = null;
    }
  });

  function watchIndex() {
    var build = self.lunr.Builder.prototype.build;
    self.lunr.Builder.prototype.build = function () {
      var index = build.apply(this, arguments);
      learn(index);
      return index;
    };
  }

  var material = /[?&]material=([\w.-]+)/.exec(script());
  if (!material) throw new Error("search-queries.js: no ?material=<Material's search worker> in its URL");
  // importScripts loads synchronously in a worker; the iframe-worker shim returns a promise
  Promise.resolve(importScripts(new URL(material[1], script()).href)).then(watchIndex);
})();
