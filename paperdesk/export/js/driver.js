// PaperDesk's driver for citeproc-js (loaded after citeproc_commonjs.js has set `CSL`).
// Python calls the PD.* functions (mini-racer passes arguments and results as JSON).
// Speed-up, same result: citeproc-js finds a macro by walking the whole style tree for
// every call of it (seconds for Chicago or APA); macros are children of <style>, so look
// only there.
(function () {
    var walk = CSL.XmlJSON.prototype.getNodesByName;
    CSL.XmlJSON.prototype.getNodesByName = function (node, name, nameattrval, ret) {
        if (name === "macro" && nameattrval && !ret && node && node === this.dataObj) {
            var found = [];
            for (var i = 0; i < node.children.length; i++) {
                var kid = node.children[i];
                if (typeof kid === "object" && kid.name === "macro" && kid.attrs.name === nameattrval) {
                    found.push(kid);
                }
            }
            return found;
        }
        return walk.call(this, node, name, nameattrval, ret);
    };
})();

// Case mapping, same result, less work: citeproc-js lower- and upper-cases through
// toLocaleLowerCase(languages), which goes to ICU on every call (about 7% of an APA
// export's time). Only Turkish, Azeri and Lithuanian (and Greek, upper case) map case
// differently from the plain mapping, so every other language takes the plain one.
(function () {
    var lowerSpecial = /^(tr|az|lt)(?![a-z])/i;
    var upperSpecial = /^(tr|az|lt|el)(?![a-z])/i;
    function plain(langs, special) {
        if (!langs) { return true; }
        for (var i = 0; i < langs.length; i++) {
            if (typeof langs[i] !== "string" || special.test(langs[i])) { return false; }
        }
        return true;
    }
    var lower = CSL.toLocaleLowerCase;
    var upper = CSL.toLocaleUpperCase;
    CSL.toLocaleLowerCase = function (str) {
        return plain(this.tmp.lang_array, lowerSpecial) ? str.toLowerCase() : lower.call(this, str);
    };
    CSL.toLocaleUpperCase = function (str) {
        return plain(this.tmp.lang_array, upperSpecial) ? str.toUpperCase() : upper.call(this, str);
    };
})();

// "single" batches (see PD.bibliography): items known to need nothing from each other skip
// the registry's sort keys and disambiguation, two thirds of citeproc-js's time there.
var PD_single = false;
(function () {
    var setsortkeys = CSL.Registry.prototype.setsortkeys;
    var setdisambigs = CSL.Registry.prototype.setdisambigs;
    CSL.Registry.prototype.setsortkeys = function () {
        if (!PD_single) { return setsortkeys.call(this); }
    };
    CSL.Registry.prototype.setdisambigs = function () {
        if (!PD_single) { return setdisambigs.call(this); }
        this.ambigsTouched = {};
        this.akeys = {};
    };
    // the ambiguity key still renders each item's citation: that render also leaves the
    // item's name settings behind, which the bibliography entry reads (how many names it
    // shows); in a single batch no two items collide, so each gets a key of its own
    var ambiguousCite = CSL.getAmbiguousCite;
    CSL.getAmbiguousCite = function (Item) {
        var key = ambiguousCite.apply(this, arguments);
        if (PD_single && Item && Item.id !== undefined) { return "pd-single-" + Item.id; }
        return key;
    };
})();

// Disambiguation, same result, far less work: citeproc-js resolves a set of look-alike
// citations by rendering every member again after each step, with the same settings many
// times over (quadratic in the size of the set; "Wang et al., 2020" sets of 150 took
// minutes). Within one run nothing but the item and the settings object changes what a
// render gives, so remember each render (and what it did to the settings object, which
// citeproc-js updates in place) for the length of the run.
var PD_memo = true;  // PD.setMemo(false) turns it off (tests compare both ways)
(function () {
    var memo = null;
    function keyOf(config) {
        return JSON.stringify(config, function (k, v) { return v === undefined ? "\u0000" : v; });
    }
    function snapshot(config) {
        var out = {};
        for (var k in config) {
            if (!Object.prototype.hasOwnProperty.call(config, k)) { continue; }
            var v = config[k];
            if (Array.isArray(v)) {
                var copy = new Array(v.length);
                for (var i = 0; i < v.length; i++) {
                    if (i in v) { copy[i] = Array.isArray(v[i]) ? v[i].slice() : v[i]; }
                }
                out[k] = copy;
            } else {
                out[k] = v;
            }
        }
        return out;
    }
    function restore(config, snap) {
        for (var k in config) {
            if (Object.prototype.hasOwnProperty.call(config, k) && !(k in snap)) { delete config[k]; }
        }
        for (var key in snap) {
            var v = snap[key];
            if (Array.isArray(v) && Array.isArray(config[key])) {
                var arr = config[key];
                arr.length = v.length;
                for (var i = 0; i < v.length; i++) {
                    if (!(i in v)) { delete arr[i]; continue; }
                    if (Array.isArray(v[i]) && Array.isArray(arr[i])) {
                        arr[i].length = v[i].length;
                        for (var j = 0; j < v[i].length; j++) { arr[i][j] = v[i][j]; }
                    } else {
                        arr[i] = Array.isArray(v[i]) ? v[i].slice() : v[i];
                    }
                }
            } else {
                config[key] = Array.isArray(v) ? snapshot({x: v}).x : v;
            }
        }
    }
    var run = CSL.Disambiguation.prototype.run;
    CSL.Disambiguation.prototype.run = function () {
        memo = PD_memo ? {} : null;
        try { return run.apply(this, arguments); } finally { memo = null; }
    };
    var ambiguousCite = CSL.getAmbiguousCite;
    CSL.getAmbiguousCite = function (Item, disambig, visualForm, item) {
        if (!memo || !disambig || item || !Item || Item.id === undefined) {
            return ambiguousCite.apply(this, arguments);
        }
        var key = Item.id + "\u0001" + (visualForm ? 1 : 0) + keyOf(disambig);
        var hit = memo[key];
        if (hit) {
            restore(disambig, hit.after);
            return hit.cite;
        }
        var cite = ambiguousCite.apply(this, arguments);
        memo[key] = {cite: cite, after: snapshot(disambig)};
        return cite;
    };
})();

var PD = (function () {
    var locales = {};   // "en-US" -> locale XML
    var styles = {};    // style key -> style XML
    var engines = {};   // style key + "|" + lang + "|" + format -> CSL.Engine
    var items = {};     // id -> CSL-JSON item of the current batch
    var sys = {
        retrieveLocale: function (lang) { return locales[lang] || false; },
        retrieveItem: function (id) { return items[id]; }
    };

    function engine(key, lang, format) {
        var id = key + "|" + lang + "|" + format;
        if (!engines[id]) {
            var eng = new CSL.Engine(sys, styles[key], lang, false);
            eng.setOutputFormat(format);
            engines[id] = eng;
        }
        return engines[id];
    }

    function setItems(list) {
        items = {};
        var ids = [];
        for (var i = 0; i < list.length; i++) {
            items[list[i].id] = list[i];
            ids.push(list[i].id);
        }
        return ids;
    }

    // A style may print nothing for some items: the Chicago note styles leave
    // manuscripts, private documents and interviews out of the bibliography. The engine
    // then drops those entries but keeps their ids, so the entries no longer line up with
    // the ids. Each id gets its entry back, in order, as an exported paper must show a
    // reference: the style's own entry where it printed one, else the entry of the item
    // as a web page (Chicago: Author. "Title." Date.), else its citation.
    function asWebPage(eng, id) {
        var twin = "pd-page-" + id;
        var saved = items[twin];
        items[twin] = Object.assign({}, items[id], {id: twin, type: "webpage"});
        try {
            eng.updateItems([twin], true);
            var one = eng.makeBibliography();
            return one && one[1].length ? one[1][0] : null;
        } finally {
            if (saved === undefined) { delete items[twin]; } else { items[twin] = saved; }
        }
    }

    function withOmitted(eng, ids, entries, format) {
        if (entries.length === ids.length) { return entries; }
        var printed = {};
        var saved = eng.bibliography.opt["subsequent-author-substitute"];
        delete eng.bibliography.opt["subsequent-author-substitute"];
        try {
            for (var i = 0; i < ids.length; i++) {
                var one = eng.makeBibliography({include: [{field: "id", value: ids[i]}]});
                printed[ids[i]] = !!(one && one[1].length);
            }
        } finally {
            if (saved !== undefined) { eng.bibliography.opt["subsequent-author-substitute"] = saved; }
        }
        var out = [];
        var next = 0;
        var missing = [];
        for (var j = 0; j < ids.length; j++) {
            if (printed[ids[j]] && next < entries.length) {
                out.push(entries[next++]);
            } else {
                missing.push(j);
                out.push(null);
            }
        }
        var cites = {};
        for (var k = 0; k < missing.length; k++) {  // while every item is registered
            cites[missing[k]] = eng.makeCitationCluster([{id: ids[missing[k]]}]);
        }
        for (k = 0; k < missing.length; k++) {
            var at = missing[k];
            var cite = cites[at];
            out[at] = asWebPage(eng, ids[at]) ||
                (format === "html" ? '  <div class="csl-entry">' + cite + "</div>\n" : cite + "\n");
        }
        return out;
    }

    return {
        setMemo: function (on) { PD_memo = !!on; return PD_memo; },
        addLocale: function (lang, xml) { locales[lang] = xml; return true; },
        hasLocale: function (lang) { return !!locales[lang]; },
        addStyle: function (key, xml) {
            styles[key] = xml;
            for (var id in engines) {
                if (id.indexOf(key + "|") === 0) { delete engines[id]; }
            }
            return true;
        },
        // One batch: register the items, make the bibliography, forget the items.
        // mode "full": the style's bibliography; "entries": entries to show one by one
        // (no "———" for a repeated author); "single": entries that need nothing from each
        // other (no sorting, no disambiguation either), in the order given.
        bibliography: function (key, lang, format, list, mode) {
            var eng = engine(key, lang, format);
            var ids = setItems(list);
            var opt = eng.bibliography.opt;
            var substitute = opt["subsequent-author-substitute"];
            if (mode !== "full") { delete opt["subsequent-author-substitute"]; }
            PD_single = mode === "single";
            var out;
            try {
                eng.updateItems(ids, PD_single);
                var bib = eng.makeBibliography();
                if (!bib) {
                    out = {ids: [], entries: [], params: {}};
                } else {
                    var flat = [];
                    for (var i = 0; i < bib[0].entry_ids.length; i++) {
                        flat.push(String(bib[0].entry_ids[i][0]));
                    }
                    out = {ids: flat, entries: withOmitted(eng, flat, bib[1], format), params: {
                        hangingindent: bib[0].hangingindent || 0,
                        linespacing: bib[0].linespacing || 1,
                        entryspacing: bib[0].entryspacing || 1,
                        secondFieldAlign: bib[0]["second-field-align"] || false
                    }};
                }
            } finally {
                PD_single = false;
                eng.updateItems([]);
                if (substitute !== undefined) { opt["subsequent-author-substitute"] = substitute; }
                items = {};
            }
            return out;
        },
        // Citations: each element of clustersJson is a list of cite items ({id, locator, ...}),
        // formatted as consecutive non-note citations of one document.
        citations: function (key, lang, format, list, clusters) {
            var eng = engine(key, lang, format);
            var ids = setItems(list);
            var out = [];
            try {
                eng.updateItems(ids);
                for (var i = 0; i < clusters.length; i++) {
                    out.push(eng.makeCitationCluster(clusters[i]));
                }
            } finally {
                eng.updateItems([]);
                items = {};
            }
            return out;
        },
        // One fixture of the CSL processor test suite, run the way the suite specifies.
        runFixture: function (t) {
            var fixtureItems = {};
            var allIds = [];
            function setFixtureItems(list) {
                fixtureItems = {};
                allIds = [];
                for (var i = 0; i < list.length; i++) {
                    fixtureItems[list[i].id] = list[i];
                    allIds.push(list[i].id);
                }
            }
            setFixtureItems(t.input);
            var fsys = {
                retrieveLocale: sys.retrieveLocale,
                retrieveItem: function (id) { return fixtureItems[id]; }
            };
            var modes = t.mode.split("-");
            var mode = modes[0];
            var sub = {};
            for (var m = 1; m < modes.length; m++) { sub[modes[m]] = true; }
            var eng = new CSL.Engine(fsys, t.csl);
            if (sub.rtf) { eng.setOutputFormat("rtf"); }
            if (sub.plain) { eng.setOutputFormat("plain"); }
            if (sub.asciidoc) { eng.setOutputFormat("asciidoc"); }
            if (sub.xslfo) { eng.setOutputFormat("xslfo"); }
            for (var opt in (t.options || {})) {
                if (opt !== "variableWrapper") { eng.opt.development_extensions[opt] = t.options[opt]; }
            }
            eng.setLangPrefsForCites({
                persons: ["translit"], institutions: ["translit"], titles: ["translit", "translat"],
                journals: ["translit"], publishers: ["translat"], places: ["translat"]
            });
            if (t.abbreviations) {
                var store = {};
                fsys.getAbbreviation = function (list, obj, jurisdiction, category, key) {
                    if (!obj[jurisdiction]) { obj[jurisdiction] = new CSL.AbbreviationSegments(); }
                    var order = jurisdiction !== "default" ? [jurisdiction, "default"] : ["default"];
                    for (var i = 0; i < order.length; i++) {
                        var j = order[i];
                        if (store[j] && store[j][category] && store[j][category][key]) {
                            if (!obj[j]) { obj[j] = new CSL.AbbreviationSegments(); }
                            obj[j][category][key] = store[j][category][key];
                            return j;
                        }
                    }
                    return jurisdiction;
                };
                for (var jur in t.abbreviations) {
                    store[jur] = new CSL.AbbreviationSegments();
                    for (var cat in t.abbreviations[jur]) {
                        for (var k in t.abbreviations[jur][cat]) {
                            store[jur][cat][k] = t.abbreviations[jur][cat][k];
                        }
                    }
                }
            }
            if (t.bibentries) {
                for (var b = 0; b < t.bibentries.length; b++) { eng.updateItems(t.bibentries[b], sub.nosort); }
            } else if (!t.citations) {
                eng.updateItems(allIds, sub.nosort);
            }
            var citationItems = t.citation_items;
            if (!citationItems && !t.citations) {
                var one = [];
                for (var r = 0; r < eng.registry.reflist.length; r++) { one.push({id: eng.registry.reflist[r].id}); }
                citationItems = [one];
            }
            var lines = [];
            if (citationItems) {
                for (var c = 0; c < citationItems.length; c++) { lines.push(eng.makeCitationCluster(citationItems[c])); }
            } else if (t.citations) {
                var doc = [];
                var update = function () {
                    for (var i = 0; i < t.citations.length; i++) {
                        var cit = t.citations[i];
                        var res = eng.processCitationCluster(cit[0], cit[1], cit[2])[1];
                        for (var j = doc.length - 1; j > -1; j--) {
                            if (!eng.registry.citationreg.citationById[doc[j].id]) { doc.splice(j, 1); }
                        }
                        for (var d = 0; d < doc.length; d++) { doc[d].mark = ".."; }
                        var fresh = [];
                        for (var r2 = 0; r2 < res.length; r2++) {
                            var found = false;
                            for (var d2 = 0; d2 < doc.length; d2++) {
                                if (doc[d2].id === res[r2][2]) {
                                    doc[d2] = {mark: ">>", id: res[r2][2], text: res[r2][1]};
                                    found = true;
                                    break;
                                }
                            }
                            if (!found) { fresh.push(res[r2]); }
                        }
                        for (var f = 0; f < fresh.length; f++) {
                            doc.splice(fresh[f][0], 0, {mark: ">>", id: fresh[f][2], text: fresh[f][1]});
                        }
                    }
                };
                update();
                if (t.input2) { setFixtureItems(t.input2); update(); }
                for (var x = 0; x < doc.length; x++) { lines.push(doc[x].mark + "[" + x + "] " + doc[x].text); }
            }
            var result = lines.join("\n");
            if (mode === "bibliography" && !sub.header) {
                var bib = t.bibsection ? eng.makeBibliography(t.bibsection) : eng.makeBibliography();
                result = bib[0].bibstart + bib[1].join("") + bib[0].bibend;
            } else if (mode === "bibliography") {
                var obj = eng.makeBibliography()[0];
                var keys = Object.keys(obj).sort();
                var hdr = [];
                for (var h = 0; h < keys.length; h++) { hdr.push(keys[h] + ": " + obj[keys[h]]); }
                result = hdr.join("\n").trim();
            }
            return result.replace(/\r\n?/g, "\n");
        }
    };
})();
