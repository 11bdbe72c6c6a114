// Wrapper around Material's search worker, for questions typed in Chinese.
//
// Material's worker splits a Chinese query against its index, but drops the last word of a
// run, returns nothing when a query starts with an unknown word, and knows no synonyms,
// typos or traditional characters. This wrapper rewrites each query first: 繁→简, typo fixes,
// synonyms, filler words dropped, and segmentation by forward maximum matching against the
// index's own words. It also strips U+200B (the index's word separator) from results.
//
// Loaded as `search-zh.js?material=search.HASH.min.js&rules=search-rules.js` (hooks/search.py).
// It relies on Material 9.8.1's worker protocol (message types SETUP 0, QUERY 2, RESULT 3; the query
// as a string) and its segmenter's habit of dropping a run's last word: when upgrading Material,
// the browser search tests (tests/site/test_search_browser.py) are the check.
const params = new URL(self.location.href).searchParams;
importScripts(params.get("rules")); // sets self.searchQueryRules (data/search.yml)

const RULES = self.searchQueryRules;
const SETUP = 0;
const QUERY = 2;
const RESULT = 3;
const MAX_WORD = 8;
const HAN = /\p{Script=Han}/u;
const ZERO_WIDTH = /\u200b/g;
// A Han character that is never in the index. Material's own segmenter never returns the last
// word of a run, so each word is sent with this after it and comes back whole.
const END_OF_WORD = "〇";

let vocabulary = new Set();
const stopwords = new Set(RULES.stopwords);
const typos = Object.entries(RULES.typos).sort(([a], [b]) => b.length - a.length);
const synonyms = Object.entries(RULES.synonyms).sort(([a], [b]) => b.length - a.length);

function buildVocabulary({ config, docs }) {
  const separator = new RegExp(config.separator, "u");
  const words = new Set();
  for (const doc of docs) {
    for (const field of [doc.title, doc.text]) {
      if (!field) continue;
      const plain = field.replace(/<[^>]+>/g, " ");
      for (const word of plain.split(separator)) if (word) words.add(word.toLowerCase());
    }
  }
  return words;
}

const NUMERALS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

function normalise(query) {
  let text = query.normalize("NFKC").toLowerCase().replace(/[*+~^:"]/g, " ");
  text = Array.from(text, (char) => RULES.traditional[char] ?? char).join("");
  for (const [wrong, right] of typos) text = text.split(wrong).join(right);
  // "逾期3天" is written "逾期三天" in the pages: small counts before a unit become numerals.
  return text.replace(/(?<![0-9])([0-9]|10)(?=[天日个周月年次期])/g, (digit) => NUMERALS[Number(digit)]);
}

// Longest known word at each position; characters that start no known word are skipped.
function segment(run) {
  const words = [];
  let start = 0;
  while (start < run.length) {
    let end = Math.min(run.length, start + MAX_WORD);
    while (end > start + 1 && !vocabulary.has(run.slice(start, end))) end--;
    const word = run.slice(start, end);
    if (vocabulary.has(word)) words.push(word);
    start = end;
  }
  return words;
}

// A long word also counts as its parts ("征信记录" → "征信", "记录"), since pages word things differently.
function withParts(word) {
  if (word.length < 3) return [word];
  const parts = [];
  for (let start = 0; start < word.length; ) {
    let end = Math.min(word.length - (start === 0 ? 1 : 0), start + MAX_WORD);
    while (end > start + 1 && !vocabulary.has(word.slice(start, end))) end--;
    if (end - start > 1 && vocabulary.has(word.slice(start, end))) parts.push(word.slice(start, end));
    start = end;
  }
  return [word, ...parts];
}

// Words this wrapper added to the reader's query (synonyms, parts of words): results must not
// list them as "missing" terms, since the reader never typed them.
let addedWords = new Set();

function rewrite(query) {
  const text = normalise(query);
  const typed = [];
  const added = [];
  for (const piece of text.match(/\p{Script=Han}+|[a-z0-9.]+/gu) ?? []) {
    if (HAN.test(piece)) {
      for (const word of segment(piece)) {
        const [whole, ...parts] = withParts(word);
        typed.push(whole);
        added.push(...parts);
      }
    } else if (vocabulary.has(piece)) typed.push(piece);
  }
  for (const [phrase, extra] of synonyms) if (text.includes(phrase)) added.push(...extra.filter((w) => vocabulary.has(w)));
  const useful = (word) => !stopwords.has(word) && !(HAN.test(word) && word.length === 1);
  const kept = [...new Set([...typed, ...added])].filter(useful);
  addedWords = new Set(added.filter((word) => !typed.includes(word)));
  if (kept.length === 0) return query;
  return kept.map((word) => (HAN.test(word) ? word + END_OF_WORD : word)).join(" ");
}

// hooks/search.py appends a page's aliases to its text after this mark: searchable, never shown.
const ALIASES_MARK = "\u2063";

function clean(value, key = "") {
  if (typeof value === "string") {
    const shown = key === "text" ? value.split(ALIASES_MARK)[0] : value;
    return shown.replace(ZERO_WIDTH, "");
  }
  if (Array.isArray(value)) return value.map((item) => clean(item));
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([name]) => !(key === "terms" && addedWords.has(name)));
    return Object.fromEntries(entries.map(([name, item]) => [name, clean(item, name)]));
  }
  return value;
}

// Registered before Material's listener, so it sees (and may rewrite) each message first.
addEventListener("message", (event) => {
  const message = event.data;
  if (message.type === SETUP) vocabulary = buildVocabulary(message.data);
  else if (message.type === QUERY && typeof message.data === "string") message.data = rewrite(message.data);
});

const send = self.postMessage.bind(self);
self.postMessage = (message) => send(message && message.type === RESULT ? clean(message) : message);

// For the tests: the rewrite as the worker does it.
self.searchRewrite = rewrite;

importScripts(params.get("material"));
