// The room's evaluation: start a workshop, open its phases, show the phone link, counts and result.

import { h } from "./dom.js";
import { fmt as f, lang, t } from "./i18n.js";

const fmt = (v, d = 2) => (v === null || v === undefined ? "–" : f.number(v, d).replace("-", "−"));
const n = (v) => f.number(v);

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
    const summary = h("summary", {}, h("span", { class: "ev-title" }, t("console.evaluation")),
      h("span", { class: "muted" }, w ? ` · ${w.label || w.id} · ${this.phaseName(w, w.phase) || t("console.ev_closed")}`
        : ` · ${t("console.ev_none")}`));
    const body = w ? this.current(w) : this.starter();
    const details = h("details", { class: "ev", open: this.open || !w || undefined }, summary, body);
    details.addEventListener("toggle", () => { this.open = details.open; });
    this.root.replaceChildren(details);
  }

  phaseName(w, id) {
    const p = (w.phases || []).find((x) => x.id === id);
    return p ? (p.titles && p.titles[lang]) || p.title : "";
  }

  starter() {
    const d = this.data;
    const label = h("input", { type: "text", id: "ev-label", maxlength: "200", placeholder: t("console.ev_label_hint") });
    const org = h("input", { type: "text", id: "ev-org", maxlength: "200", value: d.organisation || "" });
    const exp = h("select", { id: "ev-exp" }, h("option", { value: "" }, t("console.ev_any")), ...d.experiences.map((x) => h("option", { value: x }, x)));
    const q = h("select", { id: "ev-q" }, ...d.questionnaires.map((x) => h("option", { value: x }, x)));
    const start = h("button", { class: "btn primary", onclick: () => this.hub.send({ type: "workshop_start",
      label: label.value.trim(), organisation: org.value.trim(), experience: exp.value, questionnaire: q.value }) }, t("console.ev_start"));
    const parts = [h("p", { class: "muted" }, t("console.ev_intro")),
      h("div", { class: "ev-form" },
        h("label", { for: "ev-label" }, t("console.ev_workshop")), label,
        h("label", { for: "ev-org" }, t("console.ev_organisation")), org,
        h("label", { for: "ev-exp" }, t("console.ev_experience")), exp,
        h("label", { for: "ev-q" }, t("console.ev_questionnaire")), q),
      h("div", { class: "group" }, start)];
    if (d.recent.length) {
      const sel = h("select", { "aria-label": t("console.ev_earlier") }, ...d.recent.map((r) => h("option", { value: r.id }, `${r.label || r.id} (${f.date(r.created)})`)));
      parts.push(h("div", { class: "group" }, sel, h("button", { class: "btn", onclick: () => this.hub.send({ type: "workshop_resume", workshop: sel.value }) }, t("console.ev_resume"))));
    }
    return h("div", { class: "ev-body" }, ...parts);
  }

  current(w) {
    const phase = (id) => h("button", { class: w.phase === id ? "btn primary" : "btn", "aria-pressed": String(w.phase === id),
      onclick: () => this.hub.send({ type: "workshop_phase", workshop: w.id, phase: id }) }, id ? t("console.ev_open", { phase: this.phaseName(w, id) }) : t("console.ev_close"));
    const c = w.counts;
    const counts = h("p", { class: "ev-counts", role: "status" },
      [t("console.ev_before", { n: n(c.pre) }), t("console.ev_after", { n: n(c.post) }), t("console.ev_both", { n: n(c.paired) }),
        c.follow_up ? t("console.ev_follow_up", { n: n(c.follow_up) }) : null, t("console.ev_declined", { n: n(c.declined) })]
        .filter(Boolean).join(" · "));
    const link = h("div", { class: "ev-link" },
      h("img", { src: w.qr, alt: t("console.ev_qr_alt", { link: w.link }), width: "180", height: "180" }),
      h("div", {}, h("p", { class: "muted" }, t("console.ev_scan")), h("p", { class: "ev-url" }, w.link),
        this.data.lan ? null : h("p", { class: "warn" }, t("console.ev_local_only")),
        h("p", { class: "muted" }, t("console.ev_tablet"))));
    const r = w.result;
    const result = r.hidden
      ? h("p", { class: "muted ev-result" }, t("console.ev_result_hidden", { n: n(r.paired) }))
      : h("table", { class: "ev-result" }, h("caption", {}, t("console.ev_result", { n: n(r.paired) })),
        h("thead", {}, h("tr", {}, h("th", {}, t("console.ev_measure")), h("th", {}, "n"), h("th", {}, t("console.ev_change")),
          h("th", {}, t("console.ev_effect")))),
        h("tbody", {}, ...r.measures.map((m) => m.hidden
          ? h("tr", {}, h("td", {}, (m.titles && m.titles[lang]) || m.title), h("td", { colspan: "3", class: "muted" }, t("console.ev_measure_hidden")))
          : h("tr", {}, h("td", {}, (m.titles && m.titles[lang]) || m.title), h("td", {}, n(m.n)), h("td", {}, `${fmt(m.before)} → ${fmt(m.after)}`),
            h("td", {}, t("console.ev_ci", { d: fmt(m.d_z), low: fmt(m.low), high: fmt(m.high) }))))));
    const q = `workshops=${encodeURIComponent(w.id)}`;
    const links = h("p", { class: "ev-links" },
      h("a", { href: `/evaluation/${w.id}?lang=${lang}`, target: "_blank", rel: "noopener" }, t("console.ev_report")),
      h("a", { href: `/evaluation?organisation=${encodeURIComponent(w.organisation)}&lang=${lang}`, target: "_blank", rel: "noopener" }, t("console.ev_campaign")),
      h("a", { href: `/api/evaluation/tidy.csv?${q}` }, t("console.ev_long_csv")), h("a", { href: `/api/evaluation/wide.csv?${q}` }, t("console.ev_wide_csv")),
      h("a", { href: `/api/evaluation/codebook.csv?${q}` }, t("console.ev_codebook")),
      h("button", { class: "btn ghost small", onclick: () => { this.data.workshop = null; this.update(this.data); } }, t("console.ev_new")));
    const codes = this.headsets();
    const perHeadset = w.phase && codes.length ? h("details", { class: "ev-headsets" },
      h("summary", {}, t("console.ev_per_headset")),
      h("p", { class: "muted" }, t("console.ev_per_headset_help")),
      h("ul", {}, ...codes.map((c) => h("li", {}, h("span", { class: "ev-code" }, c), " ", h("span", { class: "ev-url small" }, `${w.link}?session=${c}`))))) : null;
    return h("div", { class: "ev-body" },
      h("div", { class: "group", role: "group", "aria-label": t("console.ev_phase") }, ...w.phases.map((p) => phase(p.id)), phase("")),
      counts, w.phase ? link : null, perHeadset, result, links);
  }
}
