// The room's evaluation: start a workshop, open its phases, show the phone link, counts and result.

import { h, setText } from "./dom.js";

const fmt = (v, d = 2) => (v === null || v === undefined ? "–" : v.toFixed(d).replace("-", "−"));

export class WorkshopPanel {
  constructor(root, hub, headsets = () => []) {
    this.root = root;
    this.hub = hub;
    this.headsets = headsets;
    this.data = null;
    this.open = false;
  }

  update(data) {
    if (!data) return;
    this.data = data;
    this.root.hidden = !data.available;
    if (!data.available) return;
    const d = this.root.querySelector("details");
    if (d) this.open = d.open;
    const w = data.workshop;
    const summary = h("summary", {}, h("span", { class: "ev-title" }, "Evaluation"),
      h("span", { class: "muted" }, w ? ` · ${w.label || w.id} · ${this.phaseName(w, w.phase) || "questionnaire closed"}` : " · no workshop yet"));
    const body = w ? this.current(w) : this.starter();
    const details = h("details", { class: "ev", open: this.open || !w || undefined }, summary, body);
    details.addEventListener("toggle", () => { this.open = details.open; });
    this.root.replaceChildren(details);
  }

  phaseName(w, id) {
    const p = (w.phases || []).find((x) => x.id === id);
    return p ? p.title : "";
  }

  starter() {
    const d = this.data;
    const label = h("input", { type: "text", id: "ev-label", maxlength: "200", placeholder: "e.g. Team briefing, 3 May" });
    const org = h("input", { type: "text", id: "ev-org", maxlength: "200", value: d.organisation || "" });
    const exp = h("select", { id: "ev-exp" }, h("option", { value: "" }, "(any)"), ...d.experiences.map((x) => h("option", { value: x }, x)));
    const q = h("select", { id: "ev-q" }, ...d.questionnaires.map((x) => h("option", { value: x }, x)));
    const start = h("button", { class: "btn primary", onclick: () => this.hub.send({ type: "workshop_start",
      label: label.value.trim(), organisation: org.value.trim(), experience: exp.value, questionnaire: q.value }) }, "Start workshop");
    const parts = [h("p", { class: "muted" }, "Start a workshop to ask its questionnaire on participants' phones before and after."),
      h("div", { class: "ev-form" },
        h("label", { for: "ev-label" }, "Workshop"), label, h("label", { for: "ev-org" }, "Organisation"), org,
        h("label", { for: "ev-exp" }, "Experience"), exp, h("label", { for: "ev-q" }, "Questionnaire"), q),
      h("div", { class: "group" }, start)];
    if (d.recent.length) {
      const sel = h("select", { "aria-label": "Earlier workshop" }, ...d.recent.map((r) => h("option", { value: r.id }, `${r.label || r.id} (${new Date(r.created * 1000).toLocaleDateString()})`)));
      parts.push(h("div", { class: "group" }, sel, h("button", { class: "btn", onclick: () => this.hub.send({ type: "workshop_resume", workshop: sel.value }) }, "Resume (for its follow-up)")));
    }
    return h("div", { class: "ev-body" }, ...parts);
  }

  current(w) {
    const phase = (id) => h("button", { class: w.phase === id ? "btn primary" : "btn", "aria-pressed": String(w.phase === id),
      onclick: () => this.hub.send({ type: "workshop_phase", workshop: w.id, phase: id }) }, id ? `Open: ${this.phaseName(w, id)}` : "Close questionnaire");
    const c = w.counts;
    const counts = h("p", { class: "ev-counts", role: "status" },
      `Before ${c.pre} · After ${c.post} · Both ${c.paired}${c.follow_up ? ` · Follow-up ${c.follow_up}` : ""} · Declined ${c.declined}`);
    const link = h("div", { class: "ev-link" },
      h("img", { src: w.qr, alt: `QR code of the questionnaire link ${w.link}`, width: "180", height: "180" }),
      h("div", {}, h("p", { class: "muted" }, "Participants scan the code, or type:"), h("p", { class: "ev-url" }, w.link),
        this.data.lan ? null : h("p", { class: "warn" }, "This hub listens on this computer only: start it with --lan for phones on the room's network."),
        h("p", { class: "muted" }, "On a shared tablet, open the link with ?tablet=1.")));
    const r = w.result;
    const result = r.hidden
      ? h("p", { class: "muted ev-result" }, `The result appears when at least 5 people have answered before and after (k-anonymity); ${r.paired} so far.`)
      : h("table", { class: "ev-result" }, h("caption", {}, `Workshop result: ${r.paired} people before and after`),
        h("thead", {}, h("tr", {}, h("th", {}, "Measure"), h("th", {}, "n"), h("th", {}, "Before → after"), h("th", {}, "dz [95% CI]"))),
        h("tbody", {}, ...r.measures.map((m) => m.hidden
          ? h("tr", {}, h("td", {}, m.title), h("td", { colspan: "3", class: "muted" }, "hidden: fewer than 5"))
          : h("tr", {}, h("td", {}, m.title), h("td", {}, String(m.n)), h("td", {}, `${fmt(m.before)} → ${fmt(m.after)}`),
            h("td", {}, `${fmt(m.d_z)} [${fmt(m.low)}, ${fmt(m.high)}]`)))));
    const q = `workshops=${encodeURIComponent(w.id)}`;
    const links = h("p", { class: "ev-links" },
      h("a", { href: `/evaluation/${w.id}`, target: "_blank", rel: "noopener" }, "Workshop report"),
      h("a", { href: `/evaluation?organisation=${encodeURIComponent(w.organisation)}`, target: "_blank", rel: "noopener" }, "Campaign report"),
      h("a", { href: `/api/evaluation/tidy.csv?${q}` }, "Long CSV"), h("a", { href: `/api/evaluation/wide.csv?${q}` }, "Wide CSV"),
      h("a", { href: `/api/evaluation/codebook.csv?${q}` }, "Codebook"),
      h("button", { class: "btn ghost small", onclick: () => { this.data.workshop = null; this.update(this.data); } }, "New workshop"));
    const codes = this.headsets();
    const perHeadset = w.phase && codes.length ? h("details", { class: "ev-headsets" },
      h("summary", {}, "Phone links for each headset"),
      h("p", { class: "muted" }, "Answers given through one of these are kept with the headset's code, so they join what the participant answers in the headset."),
      h("ul", {}, ...codes.map((c) => h("li", {}, h("span", { class: "ev-code" }, c), " ", h("span", { class: "ev-url small" }, `${w.link}?session=${c}`))))) : null;
    return h("div", { class: "ev-body" },
      h("div", { class: "group", role: "group", "aria-label": "Questionnaire phase" }, ...w.phases.map((p) => phase(p.id)), phase("")),
      counts, w.phase ? link : null, perHeadset, result, links);
  }
}
