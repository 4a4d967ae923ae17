// Card panels: debrief guide, notes, volume per bus, mirror view.

import { h, setText } from "./dom.js";

const PEARLS = [
  ["reactions", "Reactions"], ["description", "Description"], ["analysis", "Analysis"], ["summary", "Summary"],
];

export function debriefPanel(card) {
  const body = h("div", { class: "debrief-body" });
  const title = h("span", { class: "muted" });
  const el = h("details", { class: "panel debrief" }, h("summary", {}, "Debrief guide ", title), body,
    h("button", { class: "btn ghost", onclick: () => card.send("show_prompt", " ") }, "Hide prompt in headset"));
  let shown = "";
  function current() {
    const d = card.info.debrief || {};
    if (d.prompts && Object.keys(d.prompts).length) return [d.chapter_id, d.prompts];
    const ch = (card.status.chapter || {}).id;
    const c = card.info.chapters.find((x) => x.id === ch);
    return c && c.debrief ? [c.id, c.debrief] : [ch, {}];
  }
  function render() {
    const [chapterId, prompts] = current();
    const key = JSON.stringify([chapterId, prompts]);
    if (key === shown) return;
    shown = key;
    const chapter = card.info.chapters.find((x) => x.id === chapterId);
    setText(title, chapter ? `· ${chapter.title}` : "");
    const sections = PEARLS.filter(([k]) => (prompts[k] || []).length).map(([k, label]) =>
      h("section", {}, h("h4", {}, label), h("ul", {}, ...prompts[k].map((p) =>
        h("li", {}, h("span", { class: "prompt" }, p),
          h("button", { class: "btn small", onclick: () => card.send("show_prompt", p) }, "Show in headset"),
          h("button", { class: "btn small ghost", onclick: () => card.notes.answer(p) }, "Note answer"))))));
    body.replaceChildren(...(sections.length ? sections : [h("p", { class: "muted" }, "No prompts for this chapter.")]));
  }
  return { el, render };
}

export function notesPanel(card) {
  const text = h("textarea", { rows: "3", placeholder: "Facilitator note (no names)", "aria-label": "Note" });
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
  const el = h("details", { class: "panel notes" }, h("summary", {}, "Notes"), about, text,
    h("button", { class: "btn", onclick: save }, "Save note"), list);
  return {
    el,
    answer(p) {
      prompt = p;
      el.open = true;
      setText(about, `Answer to: ${p}`);
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
  const el = h("details", { class: "panel volume" }, h("summary", {}, "Volume"), body);
  return {
    el,
    setBuses(buses) {
      inputs.clear();
      body.replaceChildren(...buses.map((bus) => {
        const input = h("input", { type: "range", min: "0", max: "100", value: "100", "aria-label": `${bus} volume` });
        input.addEventListener("change", () => card.send("volume", { bus, value: Number(input.value) / 100 }));
        inputs.set(bus, input);
        return h("label", {}, h("span", {}, bus), input);
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
  const img = h("img", { class: "mirror-img", alt: "What the participant sees (about once a second)" });
  const el = h("details", { class: "panel mirror" }, h("summary", {}, "Mirror view"), img);
  el.addEventListener("toggle", () => card.hub.send({ type: "watch", session: card.code, mirror: el.open }));
  return {
    el,
    show(msg) { img.src = `data:${msg.mime};base64,${msg.data}`; },
  };
}
