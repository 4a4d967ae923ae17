// Card panels: debrief guide, notes, volume per bus, mirror view, the headset's languages.

import { h, setText } from "./dom.js";
import { languageName, lang, t } from "./i18n.js";

const PEARLS = ["reactions", "description", "analysis", "summary"];

export function debriefPanel(card) {
  const body = h("div", { class: "debrief-body" });
  const title = h("span", { class: "muted chapter-title" });
  const el = h("details", { class: "panel debrief" }, h("summary", {}, `${t("console.debrief_guide")} `, title), body,
    h("button", { class: "btn ghost", onclick: () => card.send("show_prompt", " ") }, t("console.hide_prompt")));
  let shown = "";
  function current() {
    const d = card.info.debrief || {};
    if (d.prompts && Object.keys(d.prompts).length) {  // the chapter's own, when the languages changed since
      const c = card.info.chapters.find((x) => x.id === d.chapter_id);
      return [d.chapter_id, c && c.debrief && Object.keys(c.debrief).length ? c.debrief : d.prompts];
    }
    const ch = (card.status.chapter || {}).id;
    const c = card.info.chapters.find((x) => x.id === ch);
    return c && c.debrief ? [c.id, c.debrief] : [ch, {}];
  }
  function render() {
    const [chapterId, prompts] = current();
    const chapter = card.info.chapters.find((x) => x.id === chapterId);
    const key = JSON.stringify([chapterId, prompts, chapter ? chapter.title : ""]);
    if (key === shown) return;
    shown = key;
    setText(title, chapter ? `· ${chapter.title}` : "");
    const sections = PEARLS.filter((k) => (prompts[k] || []).length).map((k) =>
      h("section", {}, h("h4", {}, t(`console.pearls.${k}`)), h("ul", {}, ...prompts[k].map((p) =>
        h("li", {}, h("span", { class: "prompt" }, p),
          h("button", { class: "btn small", onclick: () => card.send("show_prompt", p) }, t("console.show_prompt")),
          h("button", { class: "btn small ghost", onclick: () => card.notes.answer(p) }, t("console.note_answer")))))));
    body.replaceChildren(...(sections.length ? sections : [h("p", { class: "muted" }, t("console.no_prompts"))]));
  }
  return { el, render };
}

export function notesPanel(card) {
  const text = h("textarea", { rows: "3", placeholder: t("console.note_placeholder"), "aria-label": t("console.note") });
  const about = h("span", { class: "muted" });
  const list = h("ul", { class: "notes-list" });
  let prompt = "";
  const save = () => {
    const t = text.value.trim();
    if (!t) return;
    card.hub.send({ type: "note", session: card.code, kind: prompt ? "debrief" : "note", prompt, text: t });
    text.value = "";
    prompt = "";
    setText(about, "");
  };
  const el = h("details", { class: "panel notes" }, h("summary", {}, t("console.notes")), about, text,
    h("button", { class: "btn", onclick: save }, t("console.save_note")), list);
  return {
    el,
    answer(p) {
      prompt = p;
      el.open = true;
      setText(about, t("console.answer_to", { prompt: p }));
      text.focus();
    },
    render(notes) {
      list.replaceChildren(...notes.slice(-10).reverse().map((n) =>
        h("li", {}, n.prompt ? h("span", { class: "muted" }, `${n.prompt} — `) : null, n.text)));
    },
  };
}

export function volumePanel(card) {
  const body = h("div", { class: "sliders" });
  const inputs = new Map();
  const el = h("details", { class: "panel volume" }, h("summary", {}, t("console.volume")), body);
  return {
    el,
    setBuses(buses) {
      inputs.clear();
      body.replaceChildren(...buses.map((bus) => {
        const name = busName(bus);
        const input = h("input", { type: "range", min: "0", max: "100", value: "100",
          "aria-label": t("console.bus_volume", { bus: name }) });
        input.addEventListener("change", () => card.send("volume", { bus, value: Number(input.value) / 100 }));
        inputs.set(bus, input);
        return h("label", {}, h("span", {}, name), input);
      }));
    },
    setValues(values) {
      for (const [bus, v] of Object.entries(values)) {
        const input = inputs.get(bus);
        if (input && document.activeElement !== input) input.value = String(Math.round(v * 100));
      }
    },
  };
}

export function mirrorPanel(card) {
  const img = h("img", { class: "mirror-img", alt: t("console.mirror_alt") });
  const el = h("details", { class: "panel mirror" }, h("summary", {}, t("console.mirror")), img);
  el.addEventListener("toggle", () => card.hub.send({ type: "watch", session: card.code, mirror: el.open }));
  return {
    el,
    show(msg) { img.src = `data:${msg.mime};base64,${msg.data}`; },
  };
}

function busName(bus) {
  const key = `console.bus.${bus}`;
  const name = t(key);
  return name === key ? bus : name;
}

/** The headset's narration and caption languages: what plays now, a change waiting, and the choice. */
export function languagePanel(card) {
  const now = h("span", { class: "lang-now" });
  const audio = h("select", { class: "lang-audio", "aria-label": t("console.lang_audio") });
  const captions = h("select", { class: "lang-captions", "aria-label": t("console.lang_captions") });
  const apply = h("button", { class: "btn small", onclick: (ev) => {
    ev.stopPropagation();
    card.send("language", { audio: audio.value, captions: captions.value });
  } }, t("console.lang_apply"));
  const pending = h("span", { class: "muted lang-pending" });
  const form = h("span", { class: "lang-form" },
    h("label", {}, h("span", {}, t("console.lang_audio")), audio),
    h("label", {}, h("span", {}, t("console.lang_captions")), captions), apply);
  const el = h("div", { class: "languages", hidden: true, role: "group", "aria-label": t("console.lang_group") },
    now, form, pending);
  let offered = "";
  let shown = "";
  const name = (code) => languageName(code, lang);
  return {
    el,
    render(l) {
      const have = (l && l.available) || [];
      el.hidden = !l || have.length < 2 || card.state === "ended";  // one language: nothing to choose
      if (el.hidden) return;
      const key = have.join(",");
      if (key !== offered) {
        offered = key;
        for (const sel of [audio, captions]) {
          sel.replaceChildren(...have.map((c) => h("option", { value: c }, name(c))));
        }
      }
      const target = l.pending || l;
      const state = `${l.audio}|${l.captions}|${target.audio}|${target.captions}`;
      if (state !== shown) {  // the menus follow the headset; a facilitator's pick stays until it changes
        shown = state;
        audio.value = target.audio;
        captions.value = target.captions;
      }
      setText(now, t("console.lang_now", { audio: name(l.audio), captions: name(l.captions) }));
      setText(pending, l.pending ? t("console.lang_pending", { audio: name(l.pending.audio),
        captions: name(l.pending.captions) }) : "");
    },
  };
}
