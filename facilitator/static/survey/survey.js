// The participants' questionnaire: one question per screen, no account, nothing kept on the device.

const key = location.pathname.split("/")[2] || "";
const params = new URLSearchParams(location.search);
const session = (params.get("session") || "").toUpperCase();
const tablet = params.get("tablet") === "1";
const main = document.getElementById("main");
const lang = document.getElementById("lang");
let form = null;
let state = null;
let words = {};  // the page's own words before a form is loaded (the catalogue's phone.*)
const preferred = () => [params.get("lang"), ...(navigator.languages || [navigator.language])].filter(Boolean);

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}

const t = (k, vars = {}) => (((form && form.ui[k]) || words[k] || k)).replace(/\{(\w+)\}/g, (_, n) => String(vars[n] ?? ""));

function randomId() {
  const b = new Uint8Array(18);
  crypto.getRandomValues(b);
  return btoa(String.fromCharCode(...b)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fresh() {
  return { step: "welcome", index: 0, answers: {}, code: session, parts: { parent: "", day: "", town: "" },
    submission: randomId() };
}

function screen(title, ...body) {
  const h1 = el("h1", { id: "heading", tabindex: "-1" }, title);
  main.replaceChildren(h1, ...body);
  h1.focus();
}

function actions(...buttons) { return el("div", { class: "actions" }, ...buttons); }

async function loadWords() {
  for (const tag of [...preferred(), "en"]) {
    const base = String(tag).toLowerCase().split("-")[0];
    try {
      const r = await fetch(`/q/i18n/${encodeURIComponent(base)}.json`, { cache: "no-cache", credentials: "omit" });
      if (!r.ok) continue;
      const got = await r.json();
      words = got.ui;
      document.documentElement.lang = got.language;
      document.title = t("page_title");
      setText("heading", t("page_title"));
      setText("loading", t("loading"));
      return;
    } catch { /* offline: the next language, or the page's English */ }
  }
}

function setText(id, text) { const e = document.getElementById(id); if (e) e.textContent = text; }

async function load(locale) {
  const q = `?locale=${encodeURIComponent(locale || preferred().join(","))}`;
  const r = await fetch(`/q/${key}/form${q}`, { cache: "no-store", credentials: "omit" });
  if (!r.ok) {
    screen(t("page_title"), el("p", {}, r.status === 404 ? t("bad_link") : t("load_failed")));
    return;
  }
  form = await r.json();
  document.documentElement.lang = form.locale;
  document.title = form.title;
  renderLanguages();
  if (!state) state = fresh();
  render();
}

function renderLanguages() {
  lang.hidden = !(form.locales && form.locales.length > 1);
  if (lang.hidden) return;
  const own = (l) => {  // each language in its own words, so a person finds theirs
    let n = l;
    try { n = new Intl.DisplayNames([l], { type: "language" }).of(l) || l; } catch { /* old browser */ }
    return n.charAt(0).toLocaleUpperCase(l) + n.slice(1);
  };
  const sel = el("select", { id: "locale", onchange: (e) => choose(e.target.value) },
    ...form.locales.map((l) => el("option", { value: l, selected: l === form.locale }, own(l))));
  lang.replaceChildren(el("label", { for: "locale" }, t("language")), sel);
}

// The choice goes into the address (a reload keeps it); nothing is stored on the device.
function choose(locale) {
  params.set("lang", locale);
  history.replaceState(null, "", `${location.pathname}?${params}`);
  load(locale);
}

function items() { return form.items || []; }

function render() {
  if (!form.open) { screen(form.title, el("p", {}, t("closed"))); return; }
  const s = state.step;
  if (s === "welcome") return welcome();
  if (s === "consent") return consent();
  if (s === "code") return codeScreen();
  if (s === "item") return itemScreen();
  if (s === "thanks") return done(t("thanks"));
  if (s === "declined") return done(t("declined"));
}

function welcome() {
  screen(form.title,
    el("p", { class: "muted" }, form.phase_title || ""),
    el("p", {}, form.intro || ""),
    el("p", { class: "muted" }, t("anonymous")),
    actions(el("button", { class: "primary", onclick: () => go("consent") }, t("start"))));
}

function consent() {
  const c = form.consent;
  screen(c.prompt,
    c.details ? el("p", {}, c.details) : null,
    el("button", { class: "primary big", onclick: () => go(session ? "item" : "code") }, c.accept),
    el("button", { class: "big", onclick: decline }, c.decline),
    actions(el("button", { onclick: () => go("welcome") }, t("back"))));
}

async function decline() {
  try {
    await post("decline", { submission: state.submission, source: tablet ? "tablet" : "phone" });
  } catch { /* a decline that cannot be counted still declines: nothing is kept either way */ }
  go("declined");
}

function codeOf(p) {
  const strip = (x) => x.normalize("NFKD").replace(/\p{M}/gu, "").toUpperCase();
  const letters = strip(p.parent).replace(/[^\p{L}]/gu, "").slice(0, 2);
  const day = p.day.replace(/\D/g, "");
  const town = strip(p.town).replace(/[^\p{L}]/gu, "").slice(0, 1);
  const d = Number(day);
  if (letters.length !== 2 || !(d >= 1 && d <= 31) || town.length !== 1) return "";
  return `${letters}${String(d).padStart(2, "0")}${town}`;
}

function codeScreen() {
  const p = state.parts;
  const shown = el("p", { class: "code", id: "code-shown", "aria-live": "polite" }, codeOf(p) || "– – – – –");
  const err = el("p", { class: "error", role: "alert" });
  const field = (id, label, value, attrs) => {
    const input = el("input", { id, type: "text", value, autocomplete: "off", spellcheck: "false", ...attrs,
      oninput: (e) => { p[id.slice(5)] = e.target.value; shown.textContent = codeOf(p) || "– – – – –"; } });
    return [el("label", { class: "field", for: id }, label), input];
  };
  screen(t("code_title"),
    el("p", {}, t("code_help")),
    ...field("code-parent", t("code_parent"), p.parent, { maxlength: "2", autocapitalize: "characters" }),
    ...field("code-day", t("code_day"), p.day, { maxlength: "2", inputmode: "numeric", pattern: "[0-9]*" }),
    ...field("code-town", t("code_town"), p.town, { maxlength: "1", autocapitalize: "characters" }),
    el("p", { class: "muted" }, t("code_is")), shown, err,
    actions(el("button", { onclick: () => go("consent") }, t("back")),
      el("button", { class: "primary", onclick: () => {
        const code = codeOf(p);
        if (!code) { err.textContent = t("code_bad"); return; }
        state.code = code;
        state.index = 0;
        go("item");
      } }, t("next"))));
}

function optionList(item, name, choices, grid) {
  const current = state.answers[item.id];
  return el("div", { class: grid ? "options grid" : "options" }, ...choices.map(([value, label, extra]) =>
    el("label", { class: "option" },
      el("input", { type: "radio", name, value: String(value), checked: current === value,
        onchange: () => { state.answers[item.id] = value; } }),
      el("span", {}, label, extra ? el("span", { class: "sr" }, ` ${extra}`) : null))));
}

function itemScreen() {
  const list = items();
  const item = list[state.index];
  const n = state.index + 1;
  const err = el("p", { class: "error", role: "alert" });
  const fill = el("span");
  fill.style.width = `${(n / list.length) * 100}%`;  // CSSOM, which the page's CSP allows (no inline styles)
  const head = [el("div", { class: "bar", "aria-hidden": "true" }, fill)];
  if (session && state.index === 0) head.push(el("p", { class: "muted" }, t("code_session", { code: session })));
  let body;
  const name = `q-${item.id}`;
  if (item.kind === "text") {
    const left = el("p", { class: "muted", id: `${name}-left`, "aria-live": "polite" });
    const area = el("textarea", { id: name, maxlength: String(item.max_length), "aria-describedby": `${name}-left`,
      oninput: (e) => { state.answers[item.id] = e.target.value; left.textContent = t("chars_left", { n: item.max_length - e.target.value.length }); } });
    area.value = state.answers[item.id] || "";
    left.textContent = t("chars_left", { n: item.max_length - area.value.length });
    body = [el("label", { class: "field legend", for: name }, item.text), area, left];
  } else {
    let choices;
    const labels = item.labels || {};
    if (item.kind === "choice") choices = item.options.map((o) => [o.value, o.label]);
    else {
      const values = [];
      for (let v = item.low; v <= item.high; v++) values.push(v);
      const allLabelled = values.every((v) => labels[v]);
      choices = values.map((v) => allLabelled ? [v, labels[v]] : [v, String(v), labels[v] || ""]);
      if (!allLabelled) {
        const grid = optionList(item, name, choices, true);
        const ends = el("p", { class: "ends", "aria-hidden": "true" },
          el("span", {}, `${item.low} = ${labels[item.low] || item.low}`),
          el("span", {}, `${item.high} = ${labels[item.high] || item.high}`));
        body = [el("fieldset", {}, el("legend", {}, item.text), grid, ends)];
      }
    }
    if (!body) body = [el("fieldset", {}, el("legend", {}, item.text), optionList(item, name, choices, false))];
  }
  const last = state.index === list.length - 1;
  const next = async () => {
    const v = state.answers[item.id];
    if (item.required && (v === undefined || v === "")) { err.textContent = t("required"); return; }
    if (!last) { state.index += 1; render(); return; }
    await send(err);
  };
  const back = () => { if (state.index > 0) { state.index -= 1; render(); } else go(session ? "consent" : "code"); };
  screen(t("question", { n, total: list.length }), ...head, ...body, err,
    actions(el("button", { onclick: back }, t("back")), el("button", { class: "primary", onclick: next }, last ? t("send") : t("next"))));
}

async function post(what, body) {
  const r = await fetch(`/q/${key}/${what}`, { method: "POST", credentials: "omit", cache: "no-store",
    headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  let data = {};
  try { data = await r.json(); } catch { /* not JSON */ }
  if (!r.ok || !data.ok) throw Object.assign(new Error(data.error || `HTTP ${r.status}`), { status: r.status });
}

async function send(err) {
  const answers = {};
  for (const item of items()) {
    const v = state.answers[item.id];
    if (v !== undefined && v !== "") answers[item.id] = typeof v === "string" ? v.trim() : v;
  }
  try {
    await post("answers", { submission: state.submission, phase: form.phase, participant: state.code,
      consent: true, locale: form.locale, source: tablet ? "tablet" : "phone", answers });
  } catch (e) {
    // Closed meanwhile (409): said in the page's language; anything else keeps the hub's detail.
    err.textContent = e.status === 409 ? t("closed") : `${t("send_failed")} (${e.message})`;
    return;
  }
  go("thanks");
}

function done(message) {
  const body = [el("p", {}, message)];
  if (tablet) body.push(actions(el("button", { class: "primary", onclick: () => { state = fresh(); render(); } }, t("next_person"))));
  else state.answers = {};  // nothing about the person stays in the page
  screen(form.title, ...body);
}

function go(step) { state.step = step; render(); }

await loadWords();
load(null);
