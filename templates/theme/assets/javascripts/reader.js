/* What the site adds for its readers on every page (mkdocs.yml extra_javascript).
   - A materials checklist keeps its ticked boxes across reloads: in this browser's localStorage,
     per page, by the material's name. Nothing is sent anywhere.
   - The language switcher leads to the section the reader is at: sections have the same id in
     every language (the templates give them), so the same address with another language's
     folder shows the same section.
   - Search answers whatever way the text got into its box. Material searches on `keyup` only:
     text committed by an input method (every Chinese word: the commit is no key of its own),
     pasted with the mouse or put there by a phone's keyboard changed the box without a search,
     and the dialog stayed at "type to start searching". Each change of the text is passed on as
     a keyup. Under Material's "no results" line, where else to look (partials/search.html). */
(function () {
  "use strict";

  var PREFIX = "guidesite.checklist:";

  function storage() {
    try {
      return window.localStorage; // absent or refused (private modes, blocked cookies): nothing kept
    } catch (error) {
      return null;
    }
  }

  // "<n>:<material>": the n-th checklist of the page (a journey has one per guide), the name in bold.
  function keyOf(list, box) {
    var name = box.closest("li").querySelector("strong");
    return list + ":" + (name ? name.textContent : box.closest("li").textContent).trim();
  }

  function keepChecklists() {
    var store = storage();
    var lists = document.querySelectorAll("article ul.checklist");
    if (!store || !lists.length) return;
    var key = PREFIX + location.pathname;
    var ticked = {};
    try {
      ticked = JSON.parse(store.getItem(key) || "{}") || {};
    } catch (error) {
      ticked = {};
    }
    Array.prototype.forEach.call(lists, function (list, n) {
      Array.prototype.forEach.call(list.querySelectorAll('input[type="checkbox"]'), function (box) {
        var id = keyOf(n, box);
        box.checked = ticked[id] === true;
        box.addEventListener("change", function () {
          if (box.checked) ticked[id] = true;
          else delete ticked[id];
          try {
            if (Object.keys(ticked).length) store.setItem(key, JSON.stringify(ticked));
            else store.removeItem(key);
          } catch (error) {
            // storage full or refused: the box stays ticked until the page is left
          }
        });
      });
    });
  }

  // The id of the section at the top of the screen (or the one the address names); none above
  // the first section.
  function currentSection() {
    var named = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (named && named.getBoundingClientRect().top >= 0 && named.getBoundingClientRect().top < innerHeight) {
      return named.id;
    }
    var header = document.querySelector(".md-header");
    // a heading scrolled to sits a little below the header (Material's scroll margin)
    var top = (header ? header.getBoundingClientRect().bottom : 0) + 64;
    var found = null;
    var headings = document.querySelectorAll("article h2[id], article h3[id]");
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].getBoundingClientRect().top > top) break;
      found = headings[i].id;
    }
    return found;
  }

  function keepSectionAcrossLanguages() {
    document.addEventListener(
      "click",
      function (event) {
        var link = event.target instanceof Element && event.target.closest("a.md-select__link[hreflang]");
        if (!link) return;
        var id = currentSection();
        if (id) link.hash = id;
      },
      true
    );
  }

  function searchEveryInput() {
    var box = document.querySelector("input.md-search__input");
    if (!box) return; // Zensical's search, or none
    function search(event) {
      if (event.isComposing) return; // pinyin still being composed: searched once committed
      box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    }
    box.addEventListener("input", search);
    box.addEventListener("compositionend", search);

    var help = document.querySelector("[data-search-help]");
    var meta = document.querySelector(".md-search-result__meta");
    var config = document.getElementById("__config");
    if (!help || !meta || !config) return;
    var none = null;
    try {
      none = JSON.parse(config.textContent).translations["search.result.none"];
    } catch (error) {
      return;
    }
    new MutationObserver(function () {
      help.hidden = !(box.value.trim() && meta.textContent.trim() === none);
    }).observe(meta, { childList: true, characterData: true, subtree: true });
  }

  keepChecklists();
  keepSectionAcrossLanguages();
  searchEveryInput();
})();
