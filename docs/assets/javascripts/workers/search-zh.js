// Wrapper around Material's search worker, for questions typed in Chinese the way readers type them.
//
// Before Material's worker sees a query, it is rewritten: 繁→简 (OpenCC table), typo fixes, homophone and
// input-method slips matched by pinyin against the index's own words (争信 → 征信, 催shou → 催收), synonyms
// (data/search/synonyms.yml), durations ("逾期5天", "半年"), filler words dropped, and the query split into the
// index's words (longest match first). After Material answers, results are post-processed: a crisis block first
// when the query has a crisis word, a fallback when nothing matched, section links, and no "missing" terms (Material
// lists them struck through under 缺少: noise on a phone, and often words the rewrite added). U+200B (the index's word separator) is stripped from what is shown.
//
// Run by search-lazy.js once the reader searches (`search-lazy.js?material=search.HASH.min.js&rules=search-rules.js
// &index=…`, hooks/search/index.py), and reads its URL parameters; it also runs alone when sent Material's SETUP with the
// whole index (tests/site/search_worker.mjs). The rules and tables are generated at build (hooks/search/payload.py).
// Everything about Material's protocol is in material-protocol.js.
const params = new URL(self.location.href).searchParams;
if (!self.MaterialSearch) importScripts("material-protocol.js"); // search-lazy.js has it already
importScripts(params.get("rules")); // self.searchQueryRules

const M = self.MaterialSearch;
const RULES = self.searchQueryRules;
const MAX_WORD = 8;
const MAX_SOUND_WORD = 6;
const MAX_KEYS = 32;
const ALIAS_BOOST = 2; // how much a query that reads like one of a page's aliases lifts that page
const ALIAS_FLOOR = 0.5;
const ALIAS_WITHIN = 0.9; // how much a query wholly inside an alias counts, against one equal to it (1)
const ALIAS_ADD = 0.8; // likeness from which a page Material did not find is added to the results
const SYNONYM_CREDIT = 0.4; // a concept found only through a synonym of the word the reader typed counts this much
const TITLE_BOOST = 30; // Material's 1000 lets one title word outweigh a page that answers the whole question
const FOCUS = 1; // how much a page whose title or aliases name the query's concepts is lifted (see `focus`)
const COVERAGE_POWER = 1; // how strongly a page that answers only part of the query is lowered // similarity (Dice over pairs of characters) below which an alias does not count
const HAN = /\p{Script=Han}/u;
const ZERO_WIDTH = /\u200b/g;
const ALIASES_MARK = "\u2063"; // hooks/search/index.py appends a page's aliases after this mark: searchable, never shown

// --- tables -------------------------------------------------------------------------------------------------
const traditional = new Map();
{
  const pairs = Array.from(RULES.traditional);
  for (let i = 0; i < pairs.length; i += 2) traditional.set(pairs[i], pairs[i + 1]);
}
const readings = new Map(); // character → folded syllables
for (const [syllable, chars] of Object.entries(RULES.pinyin)) {
  for (const char of chars) readings.set(char, [...(readings.get(char) ?? []), syllable]);
}
const soundsLike = new Map(Object.entries(RULES.words).map(([key, words]) => [key, words.split(" ")]));
const fuzzyRules = RULES.fuzzy.map(([pattern, replacement]) => [new RegExp(pattern), replacement]);
const fold = (syllable) => fuzzyRules.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), syllable);
const stopwords = new Set(RULES.stopwords);
const everyday = new Set(RULES.everyday.split(" "));
const domain = new Set(RULES.domain);
const typos = Object.entries(RULES.typos).sort(([a], [b]) => b.length - a.length);
const synonyms = Object.entries(RULES.synonyms).sort(([a], [b]) => b.length - a.length);
// The readers' words that lead to the same terms are one way of asking (先还哪个, 先还谁, 哪笔先还): any of them
// in a page's title or aliases shows the page is about what the reader asked (see `focus`).
const phrasings = new Map();
for (const [phrase, terms] of synonyms) {
  const key = terms.join(" ");
  phrasings.set(key, [...(phrasings.get(key) ?? []), phrase]);
}
const sameAsking = (phrase) => phrasings.get(RULES.synonyms[phrase].join(" ")) ?? [phrase];

// --- the index, from Material's SETUP message ---------------------------------------------------------------
let vocabulary = new Set();
let pages = new Map(); // page location → {doc, chars: Set of its characters (all sections)}

function readIndex({ config, docs }) {
  const separator = new RegExp(config.separator, "u");
  vocabulary = new Set();
  pages = new Map();
  rarities.clear();
  for (const doc of docs) {
    const page = M.pageOf(doc.location);
    if (!pages.has(page)) pages.set(page, { doc: null, chars: new Set(), text: "" });
    const entry = pages.get(page);
    if (M.isPage(doc)) entry.doc = doc;
    for (const field of [doc.title, doc.text]) {
      if (!field) continue;
      const plain = field.replace(/<[^>]+>/g, " ");
      for (const word of plain.split(separator)) if (word) vocabulary.add(word.toLowerCase());
      for (const char of plain) if (HAN.test(char)) entry.chars.add(char);
      entry.text += ` ${plain.replace(new RegExp(config.separator, "gu"), "").toLowerCase()}`;
    }
  }
}


// --- query rewriting ----------------------------------------------------------------------------------------
const NUMBER_CHARS = new Set(Array.from("零一二两三四五六七八九十百千万半几"));
const MEASURE_CHARS = new Set(Array.from("个天日周月年万千百块元次期笔家岁"));
// A count written in Chinese ("三个" of "三个月") inside the duration the query states: the duration's own rule reads
// it, and as a word it only matches pages that happen to use the same number.
const isCount = (word) => NUMBER_CHARS.has(word[0]) && Array.from(word).every((char) => NUMBER_CHARS.has(char) || MEASURE_CHARS.has(char));
const NUMERALS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const DIGIT = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const AMOUNT = /([0-9.]+|[零一二两三四五六七八九十百千几]+)(万|千|块钱|块|元)/gu;
const UNIT_DAYS = { 天: 1, 日: 1, 周: 7, 星期: 7, 礼拜: 7, 月: 30, 个月: 30, 年: 365 };
const DURATION = /([0-9]+|[零一二两三四五六七八九十百]+)?(个半|半个|半|个)?(天|日|周|星期|礼拜|个月|月|年)(多(?!少)|半)?/gu;

function chineseNumber(text) {
  if (/^[0-9]+$/.test(text)) return Number(text);
  let total = 0;
  let digit = 0;
  for (const char of text) {
    if (char === "百") (total += (digit || 1) * 100), (digit = 0);
    else if (char === "十") (total += (digit || 1) * 10), (digit = 0);
    else if (char in DIGIT) digit = DIGIT[char];
    else return NaN;
  }
  return total + digit;
}

// "逾期5天", "两个月", "半年", "一年多" → days; null when the text names no duration.
function duration(text) {
  for (const match of text.matchAll(DURATION)) {
    const [whole, number, half, unit, more] = match;
    if (!number && !(half && half.startsWith("半"))) continue;
    let count = number ? chineseNumber(number) : 0;
    if (Number.isNaN(count)) continue;
    if (half === "个半" || more === "半") count += 0.5;
    if (half && half.startsWith("半")) count = number ? count + 0.5 : 0.5;
    const days = Math.round(count * UNIT_DAYS[unit] + (more === "多" ? 1 : 0));
    if (days > 0) return { days, text: whole };
  }
  return null;
}

function normalise(query) {
  let text = query.normalize("NFKC").toLowerCase().replace(/[*+~^:"]/g, " ");
  text = Array.from(text, (char) => traditional.get(char) ?? char).join("");
  for (const [wrong, right] of typos) text = text.split(wrong).join(right);
  return text;
}

// The pieces of a run of Chinese and Latin letters: a Han character, or a pinyin syllable typed in Latin letters.
function units(run) {
  const found = [];
  for (const piece of run.match(/\p{Script=Han}|[a-z]+/gu) ?? []) {
    if (HAN.test(piece)) {
      found.push({ char: piece, sounds: readings.get(piece) ?? [] });
      continue;
    }
    for (let start = 0; start < piece.length; ) {
      let end = Math.min(piece.length, start + 6);
      while (end > start && !(fold(piece.slice(start, end)) in RULES.pinyin)) end--;
      if (end === start) return found.concat([{ char: null, sounds: [] }]); // not pinyin
      found.push({ char: null, sounds: [fold(piece.slice(start, end))] });
      start = end;
    }
  }
  return found;
}

function keysOf(window) {
  let keys = [""];
  for (const unit of window) {
    keys = keys.flatMap((key) => unit.sounds.map((sound) => (key ? `${key} ${sound}` : sound))).slice(0, MAX_KEYS);
  }
  return keys;
}

// The index word that sounds like `window` (a homophone slip), when the reader typed at least half of it right.
function soundAlike(window) {
  if (window.some((unit) => unit.sounds.length === 0)) return null;
  let best = null;
  for (const key of keysOf(window)) {
    for (const word of soundsLike.get(key) ?? []) {
      const chars = Array.from(word);
      const wrong = window.filter((unit, i) => unit.char !== null && unit.char !== chars[i]).length;
      const typed = window.filter((unit) => unit.char !== null).length;
      if (wrong > Math.floor(window.length / 2) || (wrong === 0 && typed === window.length)) continue;
      // A number before a measure word is what the reader meant, never a slip (三个月 is not 上个月; 分七 is 分期).
      const counted = (unit, i) => NUMBER_CHARS.has(unit.char) && MEASURE_CHARS.has(window[i + 1]?.char);
      if (window.some((unit, i) => unit.char !== chars[i] && counted(unit, i))) continue;
      if (!vocabulary.has(word)) continue;
      // Two characters with one slip are too easily another everyday word (了会 → 那会, 打到 → 大到, 星号 → 信号):
      // only a word of the site's domain is worth that guess.
      if (chars.length === 2 && !domain.has(word)) continue;
      const rank = (domain.has(word) ? 10 : 0) - wrong;
      if (!best || rank > best.rank) best = { word, rank };
    }
  }
  return best && best.word;
}

// The best split of a run into index words: exact words score their length squared, a sound-alike word a little
// less, and a character that starts no word nothing (dynamic programming over the run).
function segment(run) {
  const pieces = units(run);
  const n = pieces.length;
  const best = Array.from({ length: n + 1 }, () => ({ score: -1, words: [], text: "" }));
  best[0].score = 0;
  for (let i = 0; i < n; i++) {
    if (best[i].score < 0) continue;
    // `text` is the run as corrected: matched words, and the other characters as typed.
    const step = (j, score, word, shown = word ?? pieces[i].char ?? "") => {
      const total = best[i].score + score;
      if (total > best[j].score) {
        const words = word ? [...best[i].words, word] : best[i].words;
        best[j] = { score: total, words, text: best[i].text + shown };
      }
    };
    step(i + 1, 0, null);
    for (let j = i + 2; j <= Math.min(n, i + MAX_WORD); j++) {
      const window = pieces.slice(i, j);
      const text = window.every((unit) => unit.char) ? window.map((unit) => unit.char).join("") : null;
      // Filler words take part in the split too, and win a tie: 还不上会 is 还|不上|会, not 还|不|上会.
      if (text && stopwords.has(text)) step(j, (j - i) ** 2 + 0.1, text);
      else if (text && vocabulary.has(text)) step(j, (j - i) ** 2, text);
      // An everyday word the site does not use is what the reader meant, not a slip for one of the site's words
      // (人生 is not 人身; the 人一 across 催的人|一口 is not 任一): it takes its place in the split, as typed.
      else if (text && everyday.has(text)) step(j, (j - i) ** 2, null, text);
      else if (j - i <= MAX_SOUND_WORD) {
        const word = soundAlike(window);
        if (word) step(j, (j - i) ** 2 - 1.5, word);
      }
    }
  }
  return best[n];
}

// A long word also counts as its parts ("征信记录" → "征信", "记录"), since pages word things differently.
function parts(word) {
  if (word.length < 3) return [];
  const found = [];
  for (let start = 0; start < word.length; ) {
    let end = Math.min(word.length - (start === 0 ? 1 : 0), start + MAX_WORD);
    while (end > start + 1 && !vocabulary.has(word.slice(start, end))) end--;
    if (end - start > 1 && vocabulary.has(word.slice(start, end))) found.push(word.slice(start, end));
    start = end;
  }
  return found;
}

function isCrisis(text) {
  if (RULES.crisis.words.some((word) => text.includes(word))) return true;
  const core = text.replace(/[^\p{Script=Han}]/gu, "").replace(/^[我好太很真]+/u, "").replace(/[了啊呀吧啦]+$/u, "");
  return RULES.crisis.alone.includes(core);
}

// How much the query reads like each page's aliases (the phrasings a page declares readers use), 0…1.
// Filler words of two characters or more (怎么, 才能, 会不会) are taken out first: they make any two questions alike.
const fillers = [...stopwords].filter((word) => word.length > 1).sort((a, b) => b.length - a.length);
function pairs(text) {
  for (const word of fillers) text = text.split(word).join("|");
  // pairs within each run left between fillers, none across one (罚息会|怎样: no 会怎; 征信|修复: no 信修)
  const found = new Set();
  for (const run of text.split("|")) {
    const chars = Array.from(run.replace(/[^\p{Script=Han}a-z0-9]/gu, ""));
    chars.slice(1).forEach((char, i) => found.add(chars[i] + char));
  }
  return found;
}
const aliasPairs = Object.entries(RULES.aliases).map(([page, phrases]) => [page, phrases.map((phrase) => pairs(normalise(phrase)))]);
function aliasLikeness(text) {
  const query = pairs(text);
  const likeness = new Map();
  if (query.size === 0) return likeness;
  for (const [page, phrases] of aliasPairs) {
    for (const phrase of phrases) {
      const shared = [...phrase].filter((pair) => query.has(pair)).length;
      const dice = (2 * shared) / (phrase.size + query.size);
      // A short query that is part of an alias ("先还哪个" in "多笔债务先还哪个") reads like it too.
      const within = query.size >= 2 ? (ALIAS_WITHIN * shared) / query.size : 0;
      const like = Math.max(dice, within);
      if (like >= ALIAS_FLOOR && like > (likeness.get(page) ?? 0)) likeness.set(page, like);
    }
  }
  return likeness;
}

// Pages a kind of question is for (data/search.yml intents: "是真的吗" → the myths page): page → factor.
function intentsOf(text) {
  const factors = new Map();
  for (const { words, pages: lifted, factor } of RULES.intents) {
    if (!words.some((word) => text.includes(word))) continue;
    for (const page of lifted) factors.set(page, Math.max(factors.get(page) ?? 1, factor));
  }
  return factors;
}

// What the last query asked for, used when its result comes back (Material answers queries in order).
let asked = { crisis: false, pins: [], han: false, text: "", likeAlias: new Map(), concepts: [], intent: new Map() };

function rewrite(query) {
  const text = normalise(query);
  const typed = [];
  const added = [];
  const corrected = [];
  const span = duration(text);
  const intent = intentsOf(text);
  const range = span && RULES.durations.ranges.find((item) => span.days >= item.from && span.days <= item.to);
  // Pages write "逾期三天": small counts before a unit become numerals.
  const spelled = text.replace(/(?<![0-9])([0-9]|10)(?=[天日个周月年次期])/g, (digit) => NUMERALS[Number(digit)]);
  // A number inside a term ("分60期" → 分期): the site's term around it counts as typed.
  for (const [, left, right] of spelled.matchAll(/(\p{Script=Han}{1,3})[0-9]+(\p{Script=Han}{1,3})/gu)) {
    for (let i = 0; i < left.length; i++) {
      for (let j = 1; j <= right.length; j++) {
        const word = left.slice(i) + right.slice(0, j);
        if (domain.has(word)) typed.push(word);
      }
    }
  }
  // Latin words of the index (lpr, irr, app) are words as typed, not pinyin.
  const latin = spelled.replace(/[a-z]+/g, (word) => {
    if (!vocabulary.has(word) || word in RULES.pinyin) return word;
    typed.push(word);
    return " ";
  });
  for (const piece of latin.match(/[\p{Script=Han}a-z]+|[0-9.]+/gu) ?? []) {
    if (/^[0-9.]+$/.test(piece)) {
      if (vocabulary.has(piece)) typed.push(piece);
      continue;
    }
    const split = segment(piece);
    corrected.push(split.text);
    for (const word of split.words) {
      typed.push(word);
      added.push(...parts(word));
    }
  }
  // A reader's word counts where it was typed as a word, not inside a longer word (宽限 in 宽限期).
  const heard = [text, corrected.join(" ")];
  const inside = (phrase) => typed.some((word) => word.length > phrase.length && word.includes(phrase));
  // What the reader asked about, one concept per typed word (with its parts and synonyms) or per reader's phrase
  // that only a synonym explains: a page is ranked by how many of them it answers (see `coverage`).
  // A concept's own words are what the reader typed (and its parts); its other words came from synonyms.
  const concepts = typed.map((word) => ({ own: new Set([word, ...parts(word)]), other: new Set(), said: new Set() }));
  for (const [phrase, extra] of synonyms) {
    if (heard.some((item) => item.includes(phrase)) && !inside(phrase)) {
      const words = extra.filter((word) => vocabulary.has(word));
      added.push(...words);
      const owner = concepts.find((concept, i) => i < typed.length && (typed[i].includes(phrase) || phrase.includes(typed[i])));
      if (owner) {
        words.forEach((word) => owner.other.add(word));
        sameAsking(phrase).forEach((word) => owner.said.add(word));
      } else concepts.push({ own: new Set(words), other: new Set(), said: new Set(sameAsking(phrase)) }); // only the synonyms say what the reader meant
    }
  }
  const useful = (word) => !stopwords.has(word) && !(HAN.test(word) && word.length === 1) && !(span && isCount(word) && span.text.includes(word));
  let pins = [];
  if (range) {
    // A bare duration ("半年", "逾期5天") puts its page first; with other words it only adds its terms, and only
    // when the query is about being overdue ("一天打几十个电话" is not).
    // An amount owed beside it ("欠了3万 一年多没还") does not change the question.
    const restText = text.replace(span.text, " ").replace(AMOUNT, " ");
    const rest = segment(restText).words.filter(useful);
    const context = new Set(RULES.durations.context);
    // …and nothing else of substance: at most one character left once its words and filler are taken out
    // ("欠五万逾期一个月要多还多少" asks about money, not about the stage).
    let left = restText;
    for (const word of [...context, ...stopwords].sort((a, b) => b.length - a.length)) left = left.split(word).join("");
    // A cue for another kind of question ("要多还多少": the calculators) means it is not a question about the stage.
    const otherKind = [...intent.keys()].some((page) => !range.pages.includes(page));
    const bare = rest.every((word) => context.has(word)) && (left.match(/\p{Script=Han}/gu) ?? []).length <= 1 && !otherKind;
    if (bare) pins = range.pages;
    if (bare || RULES.durations.about.some((word) => text.includes(word))) {
      const words = range.terms.filter((word) => vocabulary.has(word));
      added.push(...words);
      // The stage's words are the site's guess at what the reader means, so they count as a synonym does.
      concepts.push({ own: new Set(), other: new Set(words), said: new Set() });
    }
  }
  const kept = [...new Set([...typed, ...added])].filter(useful);
  asked = {
    crisis: isCrisis(text),
    pins,
    han: HAN.test(text),
    text,
    likeAlias: aliasLikeness(corrected.join(" ")),
    intent,
    concepts: concepts
      .map(({ own, other, said }) => ({ own: [...own].filter(useful), other: [...other].filter(useful), said: [...said] }))
      .filter(({ own }) => !own.some((word) => /^[0-9.]+$/.test(word))) // digits are in every page's dates
      .filter(({ own, other }) => own.length + other.length > 0)

  };
  if (kept.length === 0) return M.END_OF_WORD; // matches nothing: the fallback answers
  return kept.map((word) => (HAN.test(word) ? word + M.END_OF_WORD : word)).join(" ");
}

// --- results ------------------------------------------------------------------------------------------------
function clean(value, key = "") {
  if (typeof value === "string") {
    const shown = key === "text" ? value.split(ALIASES_MARK)[0] : value;
    return shown.replace(ZERO_WIDTH, "");
  }
  if (Array.isArray(value)) return value.map((item) => clean(item));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, clean(item, name)]));
  }
  return value;
}

function plainStart(doc) {
  const text = clean(doc.text ?? "", "text").replace(/<[^>]+>/g, "");
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

function pageGroup(page, score) {
  const entry = pages.get(page);
  return entry && entry.doc ? [M.document({ ...entry.doc, title: clean(entry.doc.title), text: plainStart(entry.doc) }, score)] : null;
}

// No word is listed as missing (Material shows a struck-through 缺少 line for each term not found); the words found
// stay, as Material highlights them on the page the result opens.
function foundTerms(doc) {
  const terms = Object.fromEntries(Object.entries(doc.terms ?? {}).filter(([, found]) => found));
  return { ...doc, terms };
}

// A page whose best match is one of its sections links its title to that section.
function toSection(group) {
  const [best] = group;
  const page = group.find(M.isPage);
  if (M.isPage(best) || !page || best.score <= page.score) return group;
  return M.sectionLink(best, `${page.title} › ${best.title}`);
}

// When nothing matched: the pages sharing most characters (and pairs of characters) with the query.
function closestPages(text) {
  const chars = Array.from(text).filter((char) => HAN.test(char) && !stopwords.has(char));
  const ranked = [];
  for (const [page, entry] of pages) {
    if (!entry.doc) continue;
    let score = 0;
    chars.forEach((char, i) => {
      if (entry.chars.has(char)) score += 1;
      if (i > 0 && entry.chars.has(chars[i - 1]) && entry.chars.has(char)) score += 0.5;
    });
    if (score > 0) ranked.push([score, page]);
  }
  return ranked.sort((a, b) => b[0] - a[0]).slice(0, 3).map(([, page]) => page);
}

function crisisGroup(score) {
  const { location, title, html } = RULES.crisis;
  return [{ location, title, text: html, score, terms: {} }];
}

// The share of the query's concepts that a page's matching documents contain, 0…1 (1 when the query has none);
// a concept found through a synonym only, where the reader's own word exists elsewhere, counts less.
// The page's own text is searched, not Lunr's terms: jieba may split a reader's word differently on each page.
function coverage(group) {
  if (asked.concepts.length === 0) return 1;
  const text = pages.get(M.pageOf(group[0].location))?.text ?? "";
  const has = (words) => words.some((word) => text.includes(word.toLowerCase()));
  const credit = ({ own, other }) => (has(own) ? 1 : has(other) ? SYNONYM_CREDIT : 0);
  return asked.concepts.reduce((sum, concept) => sum + credit(concept), 0) / asked.concepts.length;
}

// How specific a concept is: ln of (pages + 1) over (pages whose text has its most specific word + 1); 0 for a word
// every page uses (以后, 银行), larger for a word few pages use (按时, 支付令).
const rarities = new Map();
function rarity({ own, other }) {
  const key = [...own, "|", ...other].join(" ");
  if (!rarities.has(key)) {
    // the concept's most specific word: 第一步 (on a few pages), not its part 一步 (on every page's 下一步)
    const words = (own.length ? own : other).map((word) => word.toLowerCase());
    const entries = [...pages.values()].filter((entry) => entry.doc);
    const found = Math.min(...words.map((word) => entries.filter((entry) => entry.text.includes(word)).length));
    rarities.set(key, Math.log((entries.length + 1) / (found + 1)));
  }
  return rarities.get(key);
}

// How much the page is about what the reader asked: the share of the query's concepts (weighted by rarity) that
// its title or its aliases name. A word that only a section title or the body mentions in passing does not count.
function focus(page) {
  if (asked.concepts.length === 0) return 0;
  const entry = pages.get(page);
  if (!entry || !entry.doc) return 0;
  const about = `${entry.doc.title} ${(RULES.aliases[page] ?? []).join(" ")}`.replace(ZERO_WIDTH, "").toLowerCase();
  const has = (words) => words.some((word) => about.includes(word.toLowerCase()));
  let named = 0;
  let all = 0;
  for (const concept of asked.concepts) {
    const weight = rarity(concept);
    all += weight;
    named += weight * (has(concept.own) || has(concept.said) ? 1 : has(concept.other) ? SYNONYM_CREDIT : 0);
  }
  return all > 0 ? named / all : 0;
}

function answer(items) {
  // Hub pages (the home page, summaries) link to everything: their weight in data/search.yml lowers them.
  // Lunr's title boost lets one common word in a title outrank a page that answers every part of the question:
  // the share of concepts a page answers, raised to COVERAGE_POWER, corrects that.
  const pageScore = (group) => {
    const page = M.pageOf(group[0].location);
    const like = asked.likeAlias.get(page) ?? 0; // an alias the query reads like answers the query as a whole
    const answered = Math.max(coverage(group), like);
    return group[0].score * (1 + FOCUS * focus(page)) * (RULES.weights[page] ?? 1) * (asked.intent.get(page) ?? 1) * (1 + ALIAS_BOOST * like) * answered ** COVERAGE_POWER;
  };
  // Pages Material did not find join the results with the lowest score found, each once: a page the query reads
  // like strongly (its words are all filler: "先做什么"), and a page the kind of question is for ("能把我怎么样" →
  // the consequences guide: the cue is in the reader's phrasing, not in the words the page uses).
  const found = new Set(items.map((group) => M.pageOf(group[0].location)));
  const floor = items.length ? Math.min(...items.map((group) => group[0].score)) : 1;
  const liked = [...asked.likeAlias].filter(([, like]) => like >= ALIAS_ADD).map(([page]) => page);
  for (const page of new Set([...liked, ...asked.intent.keys()])) {
    if (found.has(page)) continue;
    const group = pageGroup(page, floor);
    if (group) items = [...items, group];
  }
  let groups = items
    .map((group) => [pageScore(group), toSection(group.map(foundTerms))])
    .sort((a, b) => b[0] - a[0])
    .map(([, group]) => group);
  const top = () => (groups.length ? Math.max(...groups.map((group) => group[0].score)) + 1 : 1);
  const at = (page) => groups.findIndex((group) => M.pageOf(group[0].location) === page);
  for (const page of [...asked.pins].reverse()) {
    const found = at(page);
    const group = found >= 0 ? groups.splice(found, 1)[0] : pageGroup(page, top());
    if (group) groups.unshift(group);
  }
  if (groups.length === 0 && asked.han) {
    const shown = new Set();
    for (const page of [...closestPages(asked.text), ...RULES.fallback.map((item) => item.location)]) {
      if (shown.has(page) || page === RULES.crisis.location) continue; // the crisis line comes last, once
      shown.add(page);
      const group = pageGroup(page, 1);
      if (group) groups.push(group);
    }
    if (!asked.crisis) groups.push(crisisGroup(0));
  }
  if (asked.crisis) {
    groups = groups.filter((group) => M.pageOf(group[0].location) !== RULES.crisis.location);
    groups.unshift(crisisGroup(top()));
  }
  return groups;
}

// Registered before Material's listener, so it sees (and may rewrite) each message first.
addEventListener("message", (event) => {
  const message = event.data;
  if (M.isSetup(message)) {
    readIndex(message.data);
    M.setTitleBoost(message.data, TITLE_BOOST);
  }
  else if (M.isQuery(message)) message.data = rewrite(message.data);
});

const send = self.postMessage.bind(self);
self.postMessage = (message) => {
  if (!M.isResult(message)) return send(message);
  const data = clean(message.data);
  return send({ ...message, data: { ...data, items: answer(data.items) } });
};

// For the tests: the rewrite as the worker does it.
self.searchRewrite = rewrite;

importScripts(params.get("material"));
