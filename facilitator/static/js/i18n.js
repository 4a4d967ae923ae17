// The page's words in the facilitator's language: one catalogue per language (/static/i18n/<lang>.json),
// the browser's languages as default, a choice kept in this browser; dates and numbers by Intl.

const STORE = "empathy-vr.console.language";
let table = {};
let english = {};
export let lang = "en";
export let languages = ["en"];
let locale = "en"; // Intl's locale: the browser's own tag (en-GB, de-AT) when it is in the page's language

/** The locale for dates, times and numbers: the first of the browser's tags in the page's language
 * ``lang`` (so en-GB keeps its 24-hour clock under the English catalogue), else ``lang`` itself. */
export function pickLocale(lang, preferred) {
  for (const tag of preferred || []) {
    const base = String(tag).toLowerCase().split("-")[0];
    if (base !== lang) continue;
    try { if (Intl.DateTimeFormat.supportedLocalesOf([tag]).length) return tag; } catch { /* malformed tag */ }
  }
  return lang;
}

/** The catalogue's language for a stored choice or the browser's preferences (first match by language). */
export function pickLanguage(stored, preferred, have) {
  if (stored && have.includes(stored)) return stored;
  for (const tag of preferred || []) {
    const base = String(tag).toLowerCase().split("-")[0];
    if (have.includes(base)) return base;
  }
  return "en";
}

async function json(url) {
  const r = await fetch(url, { cache: "no-cache" });
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.json();
}

function stored() {
  try { return localStorage.getItem(STORE); } catch { return null; }
}

/** Load the catalogue (once, before the page builds anything) and translate the static page. */
export async function loadCatalogue(root = document) {
  try { languages = await json("/static/i18n/languages.json"); } catch { languages = ["en"]; }
  const preferred = navigator.languages || [navigator.language];
  lang = pickLanguage(stored(), preferred, languages);
  locale = pickLocale(lang, preferred);
  english = await json("/static/i18n/en.json");
  table = lang === "en" ? english : { ...english, ...(await json(`/static/i18n/${lang}.json`).catch(() => ({}))) };
  document.documentElement.lang = lang;
  translate(root);
}

/** Keep ``code`` as this browser's language and show the page in it. */
export function chooseLanguage(code) {
  try { localStorage.setItem(STORE, code); } catch { /* private mode: this visit only */ }
  location.reload();
}

/** The text of ``key`` with ``{name}`` fields filled in (the key itself when no catalogue has it). */
export function t(key, vars = {}) {
  const s = table[key] ?? english[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, n) => (n in vars ? String(vars[n]) : m));
}

/** Translate the page's own elements: data-i18n (text), data-i18n-title, data-i18n-label (aria-label). */
export function translate(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-title]")) el.title = t(el.dataset.i18nTitle);
  for (const el of root.querySelectorAll("[data-i18n-label]")) el.setAttribute("aria-label", t(el.dataset.i18nLabel));
  const title = root.querySelector && root.querySelector("title[data-i18n]");
  if (title) document.title = title.textContent;
}

/** A language's own name, capitalised as a menu item ("Deutsch", "Español"). */
export function languageName(code, inLang = code) {
  let name = code;
  try { name = new Intl.DisplayNames([inLang], { type: "language" }).of(code) || code; } catch { /* old browser */ }
  return name.charAt(0).toLocaleUpperCase(inLang) + name.slice(1);
}

const FIELD_WORDS = { kind: "console.cmd.", state: "reason.state.", what: "reason.what." };

function reasonField(name, value) {
  if (typeof value === "number") return fmt.number(value);
  const text = String(value);
  if (name === "locale" || name === "locales") {
    try { return new Intl.DisplayNames([lang], { type: "language" }).of(text) || text; } catch { return text; }
  }
  const key = FIELD_WORDS[name] ? FIELD_WORDS[name] + text : null;
  return key && (key in table || key in english) ? t(key) : text;
}

/** A headset's or hub's refusal in the page's language, from its stable code and fields (null: no such code). */
export function reasonText(code, args = {}) {
  const key = `reason.${code}`;
  if (!code || !(key in english)) return null;
  const vars = {};
  for (const [name, value] of Object.entries(args || {})) {
    vars[name] = Array.isArray(value) ? fmt.list(value.map((v) => reasonField(name, v))) : reasonField(name, value);
  }
  return t(key, vars);
}

const cache = new Map();
function format(kind, opts) {
  const k = `${kind}:${JSON.stringify(opts)}`;
  if (!cache.has(k)) cache.set(k, kind === "n" ? new Intl.NumberFormat(locale, opts) : new Intl.DateTimeFormat(locale, opts));
  return cache.get(k);
}

/** Numbers, dates and times in the page's language, with the browser's region where it speaks that language. */
export const fmt = {
  number: (v, digits = 0) => (v === null || v === undefined || !isFinite(v) ? "–"
    : format("n", { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v)),
  time: (unix) => (unix ? format("d", { timeStyle: "short" }).format(new Date(unix * 1000)) : ""),
  date: (unix) => (unix ? format("d", { dateStyle: "medium" }).format(new Date(unix * 1000)) : ""),
  dateTime: (unix) => (unix ? format("d", { dateStyle: "medium", timeStyle: "short" }).format(new Date(unix * 1000)) : ""),
  list: (items) => { try { return new Intl.ListFormat(locale, { type: "conjunction" }).format(items); } catch { return items.join(", "); } },
};
