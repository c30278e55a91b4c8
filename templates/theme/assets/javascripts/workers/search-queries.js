/* The site's search worker: Material's own (named in this script's URL, `?material=search.<hash>.min.js`,
   by templates/theme/main.html), loaded unchanged, with the reader's query rewritten before Material
   reads it and its answer put in order before the page shows it.

   The query. Material 9.x segments a Chinese query against the index's words but never tries a
   word that ends the query (社保卡 is searched as 社保*, so ~400 pages match) and joins the pieces
   as "养老保险* 关系*", which its "missing" line then reports as missing though they are found.
   Here characters of the other script become the page's (電子 -> 电子, `han_forms` of the index's
   config, generator/outputs/search_index.py), Chinese is parted from Latin letters typed against
   it (shebao转移), each run of Chinese characters is split into the index's own words (longest
   first), words that carry no meaning (了, 吗, 怎么) are dropped, and each word is passed to
   Material so that it takes the whole word: followed by one more Han character, which its
   segmenter never reads.

   The answer. Material scores a page by how often each word occurs in it, tags and title weighed
   above text: a law's long text, or a guide whose search terms repeat 社保卡 four times, came before
   the guide whose name holds more of the query's words (申请 社保卡, 医保 转移). Its pages are put
   in order here by what a reader reads first, the page's name: a page named by the query's
   province (its tags: 广东, 广东省, Guangdong) first, then by how many of the query's words its
   title or tags (a guide's search terms) hold, then guides before journeys, the plan, the
   materials and laws (a law is the source a guide cites, not the procedure), then Material's order.
   And the "missing" line under a result names the words as the reader typed them: 失业金 (split
   into 失业 and 金 here) is missing only where neither is found, not 金 wherever 失业 is. */
(function () {
  "use strict";

  var SETUP = 0; // Material's SearchMessageType
  var QUERY = 2;
  var RESULT = 3;
  var HAN = /\p{sc=Han}+/gu;
  var HAN_CHAR = /\p{sc=Han}/u;
  var LETTER = /[\p{L}\p{N}]/u;
  // Never read by Material's segmenter (it stops one character before the end of a run), and
  // never an index word: ignored even by a segmenter that does read it.
  var END = "\u3007";
  // Function words a reader types in a question (社保卡丢了怎么办), besides lunr's Chinese stop words.
  var FILLERS = ["了", "吗", "呢", "啊", "呀", "怎么", "怎么办", "怎麼", "怎麼辦", "如何", "什么", "什麼", "哪里", "哪裡", "我的"];
  // The order of pages that hold as many of the query's words in their names (by their address)
  var KINDS = ["guides/", "journeys/", "plan/", "materials/", "laws/"];

  var words = null; // the index's words (lunr's inverted index), once Material has built it
  var starts = null; // each beginning (2 characters or more) of a Chinese word -> the shortest word with it
  var longest = 1;
  var forms = new Map(); // a character of the other script -> the index's form of it
  var names = new Map(); // a page -> the words of its title and tags
  var provinces = new Set(); // the provinces' pages
  var separator = /[\s\-]+/;
  var asked = []; // per query sent to Material, in order: what the reader typed and its words

  function script() {
    // A worker knows its URL; in an offline bundle (file://) the iframe-worker shim runs this
    // file as the first <script src> of a hidden frame instead.
    return typeof document !== "undefined" ? document.querySelector("script[src]").src : self.location.href;
  }

  function isFiller(word) {
    if (FILLERS.indexOf(word) >= 0) return true;
    var zh = self.lunr && self.lunr.zh;
    if (HAN_CHAR.test(word)) return Boolean(zh && !zh.stopWordFilter(word));
    return Boolean(self.lunr && self.lunr.stopWordFilter && !self.lunr.stopWordFilter(word));
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

  function stem(word) {
    var lunr = self.lunr;
    if (HAN_CHAR.test(word) || !lunr || !lunr.stemmer) return word;
    return String(lunr.stemmer(new lunr.Token(word)));
  }

  function tokens(text) {
    return String(text || "")
      .replace(/<[^>]*>/g, "")
      .toLowerCase()
      .split(separator)
      .filter(Boolean)
      .map(stem);
  }

  function setUp(data) {
    var config = (data && data.config) || {};
    var pairs = Array.from(config.han_forms || "");
    forms = new Map();
    for (var i = 0; i + 1 < pairs.length; i += 2) forms.set(pairs[i], pairs[i + 1]);
    if (config.separator) separator = new RegExp(config.separator);
    names = new Map();
    provinces = new Set();
    for (var doc of (data && data.docs) || []) {
      if (doc.location.indexOf("#") >= 0) continue; // a section: its page's name stands for it
      names.set(doc.location, tokens(doc.title).concat(...(doc.tags || []).map(tokens)));
      // provinces/guangdong/ on the site, provinces/guangdong.html in an offline bundle
      if (/(^|\/)provinces\/[^/]/.test(doc.location)) provinces.add(doc.location);
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

  // `run` as the index's words, each put in `found` with the run it came from and where in it
  function split(run, found) {
    var out = [];
    for (var i = 0; i < run.length; ) {
      var word = wordAt(run, i);
      if (!isFiller(word[0])) {
        out.push(word[0].length > 1 ? word[0] + END : word[0]);
        found.push({ word: word[0], typed: run, at: i, length: word[1], exact: word[1] > 1 && word[0].length === word[1] });
      }
      i += word[1];
    }
    return out.join(" ");
  }

  function inPageScript(text) {
    return Array.from(text, function (c) { return forms.get(c) || c; }).join("");
  }

  // Chinese typed against Latin letters or digits (shebao转移, 社保card) is parted from them by a
  // space (no lookbehind in the pattern: Safari before 16.4 cannot parse one)
  function parted(run, at, text) {
    var before = at > 0 && LETTER.test(text.charAt(at - 1)) ? " " : "";
    var after = LETTER.test(text.charAt(at + run.length)) ? " " : "";
    return before + run + after;
  }

  // [the query Material searches, the words it was made of with the typed word each came from]
  function rewrite(query) {
    var found = [];
    if (!words) return [query, found];
    var text = inPageScript(query).replace(HAN, parted);
    for (var part of text.split(/\s+/)) {
      var bare = part.replace(/^[+\-]|[*~^\d]+$/g, "").toLowerCase();
      if (bare && !HAN_CHAR.test(bare) && !isFiller(bare)) found.push({ word: bare, typed: bare, at: 0, length: 1 });
    }
    var rewritten = text.replace(HAN, function (run) { return split(run, found); }).trim();
    return [rewritten, found];
  }

  function startsAny(name, word) {
    var w = stem(word);
    return name.some(function (token) { return token.indexOf(w) === 0; });
  }

  // What of the query a page's name holds, as the places in what was typed that it covers
  // ("run@position" for Chinese, a word for others; a Chinese word counts for each character, so
  // that 补办 weighs more than 社 in 社宝卡补办): the query's words a word of the name begins with
  // (Material's own match: 社保 finds 社保卡), and the name's words of two characters or more
  // found inside the typed Chinese (补办 in 社宝卡补办, where a typo made the split go astray) that
  // cut no word the split found whole in the index (社保 does not count inside 社保卡). Each place
  // with the words that cover it, to tell a word naming one province from 省.
  function covered(name, found) {
    var places = new Map();
    function mark(place, by) {
      if (!places.has(place)) places.set(place, new Set());
      places.get(place).add(by);
    }
    var runs = new Set();
    for (var f of found) {
      if (!HAN_CHAR.test(f.word)) {
        if (startsAny(name, f.word)) mark(f.word, f.word);
        continue;
      }
      runs.add(f.typed);
      if (startsAny(name, f.word)) for (var i = 0; i < f.length; i++) mark(f.typed + "@" + (f.at + i), f.word);
    }
    function cuts(run, at, length) {
      return found.some(function (f) {
        var overlaps = f.typed === run && f.at < at + length && at < f.at + f.length;
        return f.exact && overlaps && !(at <= f.at && f.at + f.length <= at + length);
      });
    }
    for (var run of runs)
      for (var token of name) {
        if (token.length < 2 || !HAN_CHAR.test(token)) continue;
        for (var at = run.indexOf(token); at >= 0; at = run.indexOf(token, at + 1))
          if (!cuts(run, at, token.length)) for (var j = 0; j < token.length; j++) mark(run + "@" + (at + j), token);
      }
    return places;
  }

  function kind(page) {
    for (var k = 0; k < KINDS.length; k++) if (page.indexOf(KINDS[k]) >= 0) return k;
    return KINDS.length;
  }

  // Material's result groups (one per page), in the order described above
  function ordered(groups, found) {
    var rows = groups.map(function (group, at) {
      var page = group[0].location.split("#")[0];
      return { group: group, page: page, places: covered(names.get(page) || [], found), at: at };
    });
    // a word of a province's name names it when no other province's name holds it (广东, not 省
    // or "province"): how many provinces' names hold each word
    var held = new Map();
    for (var row of rows) {
      if (!provinces.has(row.page)) continue;
      var by = new Set();
      row.places.forEach(function (words) { words.forEach(function (w) { by.add(w); }); });
      by.forEach(function (w) { held.set(w, (held.get(w) || 0) + 1); });
    }
    for (var r of rows) {
      r.named = false;
      if (!provinces.has(r.page)) continue;
      r.places.forEach(function (words) {
        words.forEach(function (w) {
          if (held.get(w) === 1 && w.length > (HAN_CHAR.test(w) ? 1 : 2)) r.named = true;
        });
      });
    }
    return rows
      .sort(function (a, b) {
        return (b.named - a.named) || (b.places.size - a.places.size) || (kind(a.page) - kind(b.page)) || (a.at - b.at);
      })
      .map(function (row) { return row.group; });
  }

  // Material's words found or not in a result -> the typed words found or not: a typed word is
  // found where any of its words is (Material's words are the query's or pieces of them)
  function asTyped(terms, found) {
    var out = {};
    var any = false;
    for (var term in terms) {
      var from = found.find(function (f) { return f.word === term || f.word.indexOf(term) === 0 || term.indexOf(f.word) === 0; });
      var typed = from ? from.typed : term;
      out[typed] = Boolean(out[typed] || terms[term]);
      any = true;
    }
    return any ? out : terms;
  }

  function answer(data, found) {
    if (!data || !Array.isArray(data.items) || !found.length) return data;
    var items = ordered(data.items, found).map(function (group) {
      return group.map(function (item) { return Object.assign({}, item, { terms: asTyped(item.terms || {}, found) }); });
    });
    return Object.assign({}, data, { items: items });
  }

  var send = self.postMessage.bind(self);
  self.postMessage = function (message) {
    if (message && message.type === RESULT) message = Object.assign({}, message, { data: answer(message.data, asked.shift() || []) });
    return send.apply(null, [message].concat(Array.prototype.slice.call(arguments, 1)));
  };

  addEventListener("message", function (event) {
    var message = event.data;
    if (message && message.type === QUERY && typeof message.data === "string") {
      var rewritten = rewrite(message.data);
      // a query of filler words only is searched as typed rather than as nothing
      if (rewritten[0]) message.data = rewritten[0];
      asked.push(rewritten[0] ? rewritten[1] : []);
    } else if (message && message.type === SETUP) {
      words = null;
      asked = [];
      setUp(message.data);
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
