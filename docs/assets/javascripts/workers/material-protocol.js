// Everything the search wrapper (search-zh.js) knows about mkdocs-material's search worker, in one place.
//
// Checked against Material 9.8.1 and 9.8.2 (tests/site/test_search_protocol.py runs Material's own worker in
// Node and fails loudly when any of this changes; read it first when upgrading Material):
//  - messages are {type, data}: SETUP 0 (data: {config: {separator, lang, …}, docs: [{location, title, text}]}),
//    READY 1, QUERY 2 (data: the query string), RESULT 3 (data: {items, suggest?});
//  - items: one array per page, best first; each array holds that page's documents sorted by score, the page's
//    own document (location without "#") added with score 0 when only its sections matched; each document has
//    location, title, text (HTML), score and terms ({query term: found?});
//  - the result list renders the document without "#" first, as the page's title link, with its text only when no
//    section scores as high; when a page's group has no document without "#", the last one is used as the title
//    link (a single-document group of a section therefore links the title straight to that section);
//  - the worker script registers one "message" listener when it runs and answers through the global postMessage
//    (search-lazy.js runs it late, once the reader searches, and hands it the messages itself);
//  - right after READY the page sends an empty QUERY (the search field's value); the worker answers it with
//    EMPTY_RESULT (search-lazy.js answers it so before loading anything);
//  - its Chinese segmenter drops the last word of an unspaced run, so each word is sent followed by END_OF_WORD.
self.MaterialSearch = {
  SETUP: 0,
  READY: 1,
  QUERY: 2,
  RESULT: 3,
  END_OF_WORD: "〇", // a Han character that is never in the index
  EMPTY_RESULT: { type: 3, data: { items: [] } },
  isSetup: (message) => message && message.type === 0 && message.data && Array.isArray(message.data.docs),
  isQuery: (message) => message && message.type === 2 && typeof message.data === "string",
  isResult: (message) => message && message.type === 3 && message.data && Array.isArray(message.data.items),
  // The scripts Material's worker imports when SETUP arrives (its language support), relative to the worker, as its
  // setup does for config.lang: lunr's stemmer support first, then tinyseg (ja) or wordcut (hi, th), lunr.LANG for
  // each language but English, and lunr.multi for more than one language; nothing when that list is empty.
  languageScripts: (config) => {
    const scripts = [];
    for (const lang of config.lang ?? []) {
      if (lang === "ja") scripts.push("../lunr/tinyseg.js");
      if (lang === "hi" || lang === "th") scripts.push("../lunr/wordcut.js");
      if (lang !== "en") scripts.push(`../lunr/min/lunr.${lang}.min.js`);
    }
    if ((config.lang ?? []).length > 1) scripts.push("../lunr/min/lunr.multi.min.js");
    return scripts.length ? ["../lunr/min/lunr.stemmer.support.min.js", ...scripts] : [];
  },
  // A page's own document, as Material writes it in the index and in results.
  isPage: (doc) => !doc.location.includes("#"),
  pageOf: (location) => location.split("#")[0],
  // How much a word in a title (page or section heading) counts against one in the text: the SETUP message's
  // config.fields.title.boost (Material's plugin sets 1000), read by Material's worker when it builds the index.
  setTitleBoost: (data, boost) => {
    if (data.config && data.config.fields && data.config.fields.title) data.config.fields.title.boost = boost;
  },
  // A document for a result group made by the wrapper (no terms: nothing is listed as missing).
  document: (doc, score) => ({ location: doc.location, title: doc.title, text: doc.text ?? "", score, terms: {} }),
  // A page's result that links its title straight to one section: a group of that one document.
  sectionLink: (section, title) => [{ ...section, title }],
};
