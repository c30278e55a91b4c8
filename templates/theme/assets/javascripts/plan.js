/* The plan page (/plan/): the reader's choices, kept in the page's address, in; one ordered
   checklist out. Everything shown comes from the data scripts beside the page (plan/data/, written by
   generator/outputs/plan_data.py from the same resolved guides as the pages): this script only
   chooses and orders the pieces, by the rules of content/plan.yaml. It mirrors generator/core/plan.py,
   and the browser tests hold the two to the same steps and to the cases of tests/plan_cases.yaml. No framework; nothing is sent anywhere.
   The pieces are HTML the generator escaped (text from the YAML never arrives here unescaped). */
(function () {
  "use strict";

  var common = null;
  var provinces = {};
  var waiting = {};
  var form, result, status;

  window.guidesitePlanData = function (kind, key, value) {
    if (kind === "common") {
      common = value;
      start();
    } else if (kind === "province") {
      provinces[key] = value;
      (waiting[key] || []).forEach(function (done) { done(); });
      delete waiting[key];
    }
  };

  // --- the choices, from the address -------------------------------------------------------------

  function known(slug) {
    // Only a province the form offers: a slug from the address becomes a script's file name.
    return !!slug && !!form.querySelector('#plan-to option[value="' + (/^[a-z]+$/.test(slug) ? slug : "-") + '"]');
  }

  function number(value) {
    if (value === null || value === "") { return null; }
    var n = Number(value);
    return isFinite(n) && n >= 0 ? n : null;
  }

  function year(value) {
    var n = number(value);
    return n !== null && n === Math.floor(n) ? n : null;
  }

  function readChoices(params) {
    var c = { previous: [], years: {}, since: [], now: null, born: null, hukou: null, situation: null, identity: "mainland", sex: null, needs: [] };
    var slots = form.querySelectorAll('select[name^="from"]').length;
    for (var i = 1; i <= slots; i++) {
      var slug = params.get("from" + i);
      if (!known(slug)) { continue; }
      c.previous.push(slug);
      c.since.push(year(params.get("since" + i)));
      var y = number(params.get("years" + i));
      if (y !== null) { c.years[slug] = (c.years[slug] || 0) + y; }
    }
    if (known(params.get("to"))) {
      c.now = params.get("to");
      c.since.push(year(params.get("since")));
      var here = number(params.get("years"));
      if (here !== null) { c.years[c.now] = (c.years[c.now] || 0) + here; }
    }
    if (known(params.get("hukou"))) { c.hukou = params.get("hukou"); }
    if (common.situations[params.get("situation")]) { c.situation = params.get("situation"); }
    if (common.holders[params.get("identity")]) { c.identity = params.get("identity"); }
    if (params.get("sex") === "male" || params.get("sex") === "female") { c.sex = params.get("sex"); }
    c.born = year(params.get("born"));
    var ids = common.needs.map(function (n) { return n.id; });
    c.needs = params.getAll("need").filter(function (n, i, all) { return ids.indexOf(n) >= 0 && all.indexOf(n) === i; });
    return c;
  }

  function showChoices(params) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name) { return; }
      if (field.type === "checkbox") {
        field.checked = params.getAll(field.name).indexOf(field.value) >= 0;
      } else if (field.type === "radio") {
        if (params.has(field.name)) { field.checked = params.get(field.name) === field.value; }
      } else if (field.tagName !== "BUTTON") {
        field.value = params.get(field.name) || "";
      }
    });
  }

  function formParams() {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || !field.value || ((field.type === "checkbox" || field.type === "radio") && !field.checked)) { return; }
      params.append(field.name, field.value);
    });
    return params;
  }

  // --- the rules (generator/core/plan.py) ---------------------------------------------------------

  // Why a move leaves the relationship where it was (true), moves it (false), or a reason why the
  // choices do not tell: the age that counts is the age when paying began there, known to a year.
  function stays(c, started) {
    if (c.born === null || started === null) { return "age"; }
    var age = started - c.born;
    var rules = common.temporary_account;
    var thresholds = c.sex ? [c.sex === "male" ? rules.men : rules.women] : [rules.men, rules.women];
    if (age < Math.min.apply(null, thresholds)) { return false; }
    if (age - 1 < Math.max.apply(null, thresholds)) { return "age"; }
    if (c.identity !== "mainland") { return "no-hukou"; }
    if (c.hukou === null) { return "hukou"; }
    return true;
  }

  function pension(c) {
    var order = c.previous.concat([c.now]);
    var relationship = order[0];
    var undecided = [];
    var temporary = false;
    var kept = 0;
    for (var i = 1; i < order.length; i++) {
      var province = order[i];
      temporary = false;
      if (c.years[province] === 0 || province === relationship) { continue; }
      var s = province === c.hukou ? false : stays(c, c.since[i] === undefined ? null : c.since[i]);
      if (s === false) {
        relationship = province; undecided = []; kept = 0;
      } else if (s === true) {
        temporary = true;
        kept += 1;
        if (kept === 2) { undecided.push("moves"); }
      } else {
        temporary = null;
        relationship = null;
        if (undecided.indexOf(s) < 0) { undecided.push(s); }
      }
    }
    if (c.years[c.now] === 0) { temporary = false; }
    if (undecided.indexOf("moves") >= 0) { relationship = null; }
    return { temporary: temporary, relationship: relationship, undecided: undecided };
  }

  function claimPlace(c, kept) {
    var minimum = common.pension_claim.years;
    var here = kept.relationship;
    function unknown(reasons) { return { province: null, rule: null, undecided: reasons }; }
    if (here === null) { return unknown(kept.undecided); }
    if (c.hukou !== null && here === c.hukou) { return { province: here, rule: 1, undecided: [] }; }
    var years = c.years[here];
    if (years === undefined) { return unknown(["years"]); }
    if (years >= minimum) { return { province: here, rule: 2, undecided: [] }; }
    if (c.identity === "mainland" && c.hukou === null) { return unknown(["hukou"]); }
    var order = c.previous.concat([c.now]);
    var before = order.slice(0, order.lastIndexOf(here));
    for (var i = before.length - 1; i >= 0; i--) {
      if (before[i] === here) { continue; }
      var paid = c.years[before[i]];
      if (paid === undefined) { return unknown(["years"]); }
      if (paid >= minimum) { return { province: before[i], rule: 3, undecided: [] }; }
    }
    if (c.hukou === null) { return unknown(["no-hukou"]); }
    return { province: c.hukou, rule: 4, undecided: [] };
  }

  function holds(when, c, kept, claim) {
    if (!when) { return true; }
    function any(list, value) { return !list || !list.length || list.indexOf(value) >= 0; }
    function some(list, values) {
      return !list || !list.length || list.some(function (v) { return values.indexOf(v) >= 0; });
    }
    return any(when.situations, c.situation) &&
      any(when.identities, c.identity) &&
      some(when.needs, c.needs) &&
      (when.temporary_account === undefined || when.temporary_account === kept.temporary) &&
      (when.previous === undefined || when.previous === (c.previous.length > 0)) &&
      some(when.undecided, kept.undecided.concat(claim.undecided));
  }

  function insured(c) {
    var order = c.previous.concat([c.now]);
    return order.filter(function (p, i) { return order.indexOf(p, i + 1) < 0; });
  }

  function bind(who, c, claim) {
    if (who === "now") { return [c.now]; }
    if (who === "previous") {
      return c.previous.filter(function (p, i) { return p !== c.now && c.previous.indexOf(p) === i; });
    }
    if (who === "last-previous") { return c.previous.slice(-1); }
    if (who === "hukou") { return c.hukou ? [c.hukou] : null; }
    if (who === "pension-claim") { return claim.province ? [claim.province] : null; }
    if (claim.province === null) { return null; }
    return insured(c).filter(function (p) { return p !== claim.province; });
  }

  function compose(c) {
    var kept = pension(c);
    var claim = claimPlace(c, kept);
    var applying = common.rules.filter(function (r) { return holds(r.when, c, kept, claim); });
    function ruled(guide, then, field) {
      var out = [];
      applying.forEach(function (r) { if (r.guide === guide && r.then === then) { out = out.concat(r[field]); } });
      return out;
    }
    var parts = [];
    common.needs.forEach(function (need) {
      if (c.needs.indexOf(need.id) < 0) { return; }
      need.parts.forEach(function (part) {
        if (!holds(part.when, c, kept, claim)) { return; }
        var guide = common.guides[part.guide];
        var roles = {};
        Object.keys(part.roles).forEach(function (role) { roles[role] = bind(part.roles[role], c, claim); });
        var own = roles[guide.role];
        var local = own && own.length === 1 ? provinces[own[0]].guides[part.guide] : null;
        var national = {};
        guide.steps.forEach(function (s) { national[s.id] = s; });
        var nationalMaterials = {};
        guide.materials.forEach(function (m) { nationalMaterials[m.id] = m; });
        var skipped = ruled(part.guide, "skip", "steps");
        var required = ruled(part.guide, "require", "steps");
        var unused = ruled(part.guide, "skip", "materials");
        var steps = [];
        (local ? local.steps : guide.steps).forEach(function (entry) {
          var step = typeof entry === "string" ? national[entry] : entry;
          var bound = step.place in roles ? roles[step.place] : [];
          if (skipped.indexOf(step.id) >= 0 || (bound !== null && bound.length === 0 && step.place in roles)) { return; }
          steps.push({ step: step, provinces: bound, required: !step.optional || required.indexOf(step.id) >= 0 });
        });
        var materials = (local ? local.materials : guide.materials).map(function (entry) {
          return typeof entry === "string" ? nationalMaterials[entry] : entry;
        }).filter(function (m) { return unused.indexOf(m.id) < 0; });
        parts.push({ need: need.id, id: part.guide, guide: guide, roles: roles, own: local ? own[0] : null, local: local, steps: steps, materials: materials });
      });
    });
    var seen = {};
    var materials = [];
    parts.forEach(function (p) {
      p.materials.forEach(function (m) { if (!seen[m.id]) { seen[m.id] = true; materials.push(m); } });
    });
    var advice = common.advice.filter(function (a) { return holds(a.when, c, kept, claim); });
    var undecided = kept.undecided.concat(claim.undecided).filter(function (u, i, all) { return all.indexOf(u) === i; });
    return { choices: c, temporary: kept.temporary, claim: claim, undecided: undecided, parts: parts, materials: materials, advice: advice };
  }

  // --- showing it -----------------------------------------------------------------------------------

  var S;

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (all, name) { return name in values ? values[name] : all; });
  }

  function element(tag, className, html) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (html !== undefined) { e.innerHTML = html; }
    return e;
  }

  // Links in the pieces name Markdown sources (../laws/x.md#article-3); the site's addresses are
  // folders (../laws/x/), the offline bundle's files (../laws/x.html). The page's own link to the
  // provinces, which MkDocs wrote, tells which.
  function fixLinks(root) {
    var files = /\.html$/.test(document.getElementById("plan-provinces").getAttribute("href") || "");
    root.querySelectorAll("a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (/^[a-z]+:/.test(href)) { return; }
      a.setAttribute("href", href.replace(/^([^#]*?)(index)?\.md(#|$)/, function (all, path, index, rest) {
        return files ? path + (index || "") + ".html" + rest : path + (index ? "" : "/") + rest;
      }).replace(/\/\/(#|$)/, "/$1"));
    });
  }

  function where(entry, part) {
    var place = entry.step.place;
    var html;
    if (entry.provinces === null || !(place in part.roles)) {
      html = common.places[place];
    } else {
      html = entry.provinces.map(function (slug) { return provinces[slug].roles[place]; }).join(S.sep);
    }
    if (entry.step.by === "agencies") { html += S.agencies; }
    return S.where + html;
  }

  function box(kind, title, items) {
    var div = element("div", "admonition " + kind);
    div.appendChild(element("p", "admonition-title", title));
    var ul = element("ul");
    items.forEach(function (html) { ul.appendChild(element("li", "", html)); });
    div.appendChild(ul);
    return div;
  }

  function claimNote(plan) {
    var claim = plan.claim;
    var why = claim.undecided.map(function (reason) { return S["why_" + reason]; }).join(S.sep);
    var text = claim.rule === null ? fill(S.claim_unknown, { why: why }) : fill(S["claim_" + claim.rule], {
      province: provinces[claim.province].name,
      years: String(common.pension_claim.years)
    });
    return text + S.claim_final + S.basis_open + common.pension_claim.basis + S.close;
  }

  function names(slugs) {
    return slugs.map(function (slug) { return provinces[slug].name; }).join(S.arrow);
  }

  function render(plan) {
    var c = plan.choices;
    result.innerHTML = "";
    result.setAttribute("data-temporary", plan.temporary === null ? "unknown" : String(plan.temporary));
    result.setAttribute("data-claim", plan.claim.province || "");
    result.setAttribute("data-rule", plan.claim.rule === null ? "" : String(plan.claim.rule));
    result.setAttribute("data-undecided", plan.undecided.join(" "));
    result.setAttribute("data-advice", plan.advice.map(function (a) { return a.id; }).join(" "));
    var title = element("h2", "", S.title);
    title.id = "plan-title";
    title.tabIndex = -1;
    result.appendChild(title);
    var summary = [fill(S.from_to, { from: c.previous.length ? names(c.previous) : "—", to: provinces[c.now].name })];
    if (c.situation) { summary.push(common.situations[c.situation]); }
    summary.push(common.holders[c.identity]);
    result.appendChild(element("p", "plan-summary", summary.join(" · ")));
    var print = element("button", "md-button plan-print", S.print);
    print.type = "button";
    print.addEventListener("click", function () { window.print(); });
    result.appendChild(element("p")).appendChild(print);

    var groups = { first: [], avoid: [], note: [] };
    if (plan.parts.some(function (p) { return "pension-claim" in p.roles; })) { groups.note.push(claimNote(plan)); }
    plan.advice.forEach(function (a) { groups[a.kind].push(a.html); });
    if (groups.first.length) { result.appendChild(box("tip", S.first, groups.first)); }
    if (groups.avoid.length) { result.appendChild(box("warning", S.avoid, groups.avoid)); }
    if (groups.note.length) { result.appendChild(box("note", S.note, groups.note)); }

    result.appendChild(element("h3", "", S.steps));
    var n = 0;
    plan.parts.forEach(function (part) {
      var heading = element("h4");
      var link = element("a", "", part.guide.title);
      link.href = part.local ? part.local.href : part.guide.href;
      heading.appendChild(link);
      result.appendChild(heading);
      if (part.local && part.local.note) { result.appendChild(element("div", "plan-note", part.local.note)); }
      var ol = element("ol", "plan-steps checklist");
      ol.start = n + 1;
      part.steps.forEach(function (entry) {
        n += 1;
        var li = element("li", "plan-step");
        li.setAttribute("data-guide", part.id);
        li.setAttribute("data-step", entry.step.id);
        li.setAttribute("data-provinces", entry.provinces === null ? "?" : entry.provinces.join(" "));
        var label = element("label");
        var tick = document.createElement("input");
        tick.type = "checkbox";
        label.appendChild(tick);
        label.appendChild(element("strong", "", " " + fill(S.step, { n: String(n) }) + entry.step.title));
        li.appendChild(label);
        var meta = where(entry, part);
        if (!entry.required) { meta += " · " + S.optional; }
        li.appendChild(element("p", "plan-where", meta));
        li.appendChild(element("div", "plan-body", entry.step.body));
        ol.appendChild(li);
      });
      result.appendChild(ol);
      var contact = element("div", "plan-contact");
      contact.appendChild(element("p", "", "<strong>" + S.contact + "</strong>"));
      if (part.local) { contact.appendChild(element("div", "", part.local.contact)); }
      var others = [];
      part.steps.forEach(function (entry) {
        if (entry.step.by !== "you" || !entry.provinces || !entry.provinces.length) { return; }
        entry.provinces.forEach(function (slug) {
          if (slug === part.own) { return; }
          var agency = entry.step.agency || "hrss";
          var html = provinces[slug].roles[entry.step.place] + S.colon + provinces[slug].find[agency];
          if (others.indexOf(html) < 0) { others.push(html); }
        });
      });
      if (others.length) {
        contact.appendChild(element("p", "", S.contact_other));
        var ul = element("ul");
        others.forEach(function (html) { ul.appendChild(element("li", "", html)); });
        contact.appendChild(ul);
      }
      if (part.local) { contact.appendChild(element("p", "plan-verified", part.local.verified)); }
      if (part.local || others.length) { result.appendChild(contact); }
    });

    result.appendChild(element("h3", "", S.materials));
    if (plan.materials.length) {
      var list = element("ul", "checklist plan-materials");
      plan.materials.forEach(function (m) {
        var li = element("li");
        li.setAttribute("data-material", m.id);
        var label = element("label");
        var tick = document.createElement("input");
        tick.type = "checkbox";
        label.appendChild(tick);
        label.appendChild(element("span", "", " " + m.html));
        li.appendChild(label);
        var alternatives = common.alternatives[m.id];
        if (alternatives) {
          var mine = alternatives.filter(function (a) { return a.holders.indexOf(c.identity) >= 0; });
          var shown = (mine.length ? mine : alternatives).map(function (a) { return a.html; });
          li.appendChild(element("p", "plan-alternatives", "<small>" + S.any_of + shown.join(S.sep) + "</small>"));
        }
        list.appendChild(li);
      });
      result.appendChild(list);
    } else {
      result.appendChild(element("p", "", S.no_materials));
    }

    if (c.identity !== "mainland") {
      var audience = c.identity === "foreign" ? "foreign" : "hong-kong-macao-taiwan";
      var notes = plan.parts.map(function (p) { return p.guide.notes[audience]; })
        .filter(function (html, i, all) { return html && all.indexOf(html) === i; });
      if (notes.length) {
        result.appendChild(element("h3", "", S.audience));
        var ul = element("ul", "plan-notes");
        notes.forEach(function (html) { ul.appendChild(element("li", "", html)); });
        result.appendChild(ul);
      }
    }

    if (result.querySelector(".untranslated")) {
      var notice = element("div", "admonition warning");
      notice.appendChild(element("p", "admonition-title", S.pending_title));
      notice.appendChild(element("p", "", S.pending));
      title.insertAdjacentElement("afterend", notice);
    }
    fixLinks(result);
    return n;
  }

  // --- running it ---------------------------------------------------------------------------------

  function load(slugs, done) {
    var missing = slugs.filter(function (slug) { return !provinces[slug]; });
    var left = missing.length;
    if (!left) { done(); return; }
    missing.forEach(function (slug) {
      (waiting[slug] = waiting[slug] || []).push(function () { left -= 1; if (!left) { done(); } });
      if (waiting[slug].length > 1) { return; }
      var script = document.createElement("script");
      script.src = "data/" + slug + ".js";
      script.onerror = function () { status.innerHTML = S.failed; };
      document.body.appendChild(script);
    });
  }

  function run(focus) {
    var params = new URLSearchParams(window.location.search);
    showChoices(params);
    if (!params.toString()) { result.innerHTML = ""; status.textContent = ""; return; }
    var c = readChoices(params);
    if (!c.now) { status.innerHTML = S.need_province; return; }
    if (!c.needs.length) { status.innerHTML = S.need_need; return; }
    var slugs = c.previous.concat([c.now]).concat(c.hukou ? [c.hukou] : []);
    load(slugs, function () {
      var steps = render(compose(c));
      status.innerHTML = fill(S.updated, { n: String(steps) });
      if (focus) { document.getElementById("plan-title").focus(); }
    });
  }

  function start() {
    form = document.getElementById("plan-form");
    result = document.getElementById("plan-result");
    status = document.getElementById("plan-status");
    if (!form || !common) { return; }
    S = common.strings;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = formParams().toString();
      try {
        window.history.pushState(null, "", query ? "?" + query : window.location.pathname);
      } catch (e) {
        window.location.search = query; // a browser that refuses it from file://: load the page anew
        return;
      }
      run(true);
    });
    window.addEventListener("popstate", function () { run(false); });
    run(false);
  }
})();
