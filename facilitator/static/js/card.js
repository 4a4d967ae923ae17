// One card per headset: state, chapter and line, controls, check-ins, panels.

import { h, setText, fmtTime } from "./dom.js";
import { fmt, lang, reasonText, t } from "./i18n.js";
import { sparkline } from "./spark.js";
import { debriefPanel, languagePanel, notesPanel, volumePanel, mirrorPanel } from "./panels.js";

export const STATES = ["waiting", "consent", "declined", "ready", "running", "paused", "hold", "calm", "checkin",
  "choice", "debrief", "ended"];

/** What a command is called in the line under the controls ("Pause: done"). */
export function commandName(kind) {
  const key = `console.cmd.${kind || "command"}`;
  const name = t(key);
  return name === key ? kind.replaceAll("_", " ") : name;
}

/** The card's state: the player's, with the consent hold (asked, or declined) and "consent given, waiting for
 * Start" told apart. ``declined``: the headset recorded a no (the story stays at the consent hold). */
export function cardState(s, consent, declined = false) {
  const state = s.state || "waiting";
  if (state === "hold" && s.hold && s.hold.consent) return declined ? "declined" : "consent";
  if (state === "waiting" && consent) return "ready";
  return state;
}


export class Card {
  constructor(code, index, hub, onSelect) {
    this.code = code;
    this.hub = hub;
    this.info = { chapters: [], buses: [], checkins: [], notes: [], debrief: {}, transcript: [] };
    this.status = {};
    const cmd = (kind, arg = null) => () => this.send(kind, arg);
    this.el = {};
    const e = this.el;
    e.num = h("span", { class: "num", text: String(index + 1), title: t("console.select_key", { n: index + 1 }) });
    e.badge = h("span", { class: "badge" });
    e.headset = h("span", { class: "chip" });
    e.conn = h("span", { class: "chip" });
    e.title = h("span", { class: "exp" });
    e.calm = h("button", { class: "btn calm big", title: t("console.calm_title"), onclick: cmd("calm") },
      t("console.calm"));
    e.leave = h("button", { class: "btn", onclick: cmd("leave_calm"), hidden: true }, t("console.leave_calm"));
    e.chapter = h("div", { class: "chapter" });
    e.times = h("div", { class: "times" });
    e.speaker = h("span", { class: "speaker" });
    e.line = h("p", { class: "line" }, e.speaker, h("span"));
    e.holdNote = h("span", { class: "note" });
    e.holdTag = h("span", { class: "tag" }, t("console.hold"));
    e.holdBtn = h("button", { class: "btn primary", onclick: () => this.holdAction() }, t("console.continue"));
    e.declineBtn = h("button", { class: "btn decline", hidden: true, title: t("console.declined_title"),
      onclick: () => this.send("consent", false) }, t("console.consent_declined"));
    e.hold = h("div", { class: "hold", hidden: true }, e.holdTag, e.holdNote,
      h("div", { class: "hold-actions" }, e.holdBtn, e.declineBtn));
    e.readyText = h("span", { class: "note" });
    e.start = h("button", { class: "btn primary", onclick: cmd("start"), title: t("console.start_title") },
      t("console.start"));
    e.ready = h("div", { class: "hold ready", hidden: true }, h("span", { class: "tag" }, t("console.ready")), e.readyText,
      e.start);
    e.askText = h("span", { class: "note" });
    e.askTag = h("span", { class: "tag" }, t("console.checkin_asked"));
    e.answers = h("div", { class: "answers", role: "group", "aria-label": t("console.answers_label") });
    e.ask = h("div", { class: "ask", hidden: true }, h("div", { class: "ask-head" }, e.askTag, e.askText),
      e.answers);
    this.askKey = "";
    this.declineIds = new Set(); // this console's "Declined" commands: their result says the no was recorded
    e.pause = h("button", { class: "btn", onclick: () => this.togglePause(), title: t("console.pause_title") },
      t("console.pause"));
    e.jumpSel = h("select", { "aria-label": t("console.jump_label") });
    e.end = h("button", { class: "btn danger", onclick: () => this.confirmEnd() }, t("console.end"));
    e.room = h("button", { class: "btn room", "aria-pressed": "false", hidden: true, onclick: cmd("room_view"),
      title: t("console.room_view_title") }, t("console.room_view"));
    const controls = this.controls = h("div", { class: "controls" },
      h("div", { class: "group" }, e.pause),
      h("div", { class: "group" },
        h("button", { class: "btn", onclick: cmd("advance"), title: t("console.skip_title") }, t("console.skip")),
        h("button", { class: "btn", onclick: cmd("previous_chapter"), title: t("console.previous_title") },
          `◀ ${t("console.chapter_button")}`),
        h("button", { class: "btn", onclick: cmd("replay_chapter"), title: t("console.replay_title") },
          t("console.replay")),
        h("button", { class: "btn", onclick: cmd("next_chapter"), title: t("console.next_title") },
          `${t("console.chapter_button")} ▶`)),
      h("div", { class: "group" }, e.jumpSel,
        h("button", { class: "btn", onclick: () => e.jumpSel.value && this.send("jump", e.jumpSel.value) },
          t("console.jump")),
        h("button", { class: "btn", onclick: cmd("recenter") }, t("console.recenter")), e.room, e.end));
    e.feedback = h("p", { class: "feedback", role: "status", "aria-live": "polite" });
    e.transcript = h("ol", { class: "transcript" });
    e.spark = h("div", { class: "sparkbox" });
    e.lastCheck = h("span", { class: "last" });
    e.practice = h("p", { class: "practice", hidden: true });
    e.health = h("span");
    this.debrief = debriefPanel(this);
    this.notes = notesPanel(this);
    this.volume = volumePanel(this);
    this.mirror = mirrorPanel(this);
    this.language = languagePanel(this);
    this.root = h("article", { class: "card", tabindex: "0", "data-session": code, onclick: () => onSelect(this) },
      h("header", { class: "card-head" },
        h("div", { class: "ident" }, h("div", { class: "ident-top" }, e.num, h("h2", {}, code), e.badge),
          h("div", { class: "ident-sub" }, e.headset, e.conn, e.title)),
        h("div", { class: "head-actions" }, e.leave, e.calm)),
      h("div", { class: "now" }, h("div", { class: "where" }, e.chapter, e.times), e.line),
      this.language.el,
      e.hold, e.ready, e.ask, controls, e.feedback,
      h("div", { class: "cols" },
        h("section", {}, h("h3", {}, t("console.captions")), e.transcript),
        h("section", {}, h("h3", {}, `${t("console.checkins")} `, e.lastCheck), e.spark, e.practice)),
      this.debrief.el, this.notes.el, this.volume.el, this.mirror.el,
      h("footer", { class: "health" }, e.health, h("span", { class: "grow" }),
        h("a", { href: `/report/${code}?lang=${lang}`, target: "_blank", rel: "noopener" }, t("console.report")),
        h("a", { href: `/api/sessions/${code}.csv` }, "CSV"),
        h("a", { href: `/api/sessions/${code}.json` }, "JSON")));
    this.renderCheckins();
  }

  send(kind, arg = null) {
    const id = this.hub.command(this.code, kind, arg);
    if (id && kind === "consent" && arg === false) this.declineIds.add(id);
    setText(this.el.feedback, id ? `${commandName(kind)}…` : t("console.not_connected"));
    this.el.feedback.className = id ? "feedback" : "feedback bad";
  }

  holdAction() {
    if (this.state === "consent" || this.state === "declined") this.send("consent", true);
    else this.send("continue");
  }

  renderAsk(q, isChoice) {
    const key = q ? JSON.stringify([q.id, q.kind, q.options]) : "";
    if (key === this.askKey) return;
    this.askKey = key;
    if (!q) { this.el.answers.replaceChildren(); return; }
    const scale = !isChoice && (q.kind || "scale") === "scale";
    setText(this.el.askTag, isChoice ? t("console.choice_asked") : t("console.checkin_asked"));
    const values = scale ? [...Array(11).keys()].map((v) => [v, String(v)]) : (q.options || []).map((o, i) => [i, o]);
    this.el.answers.className = scale ? "answers scale" : "answers options";
    this.el.answers.replaceChildren(...values.map(([v, label]) => h("button", {
      class: scale ? "btn answer" : "btn answer wide", "data-value": String(v),
      title: t("console.answer_title", { answer: label }), onclick: (ev) => { ev.stopPropagation(); this.send("answer", v); },
    }, label)));
  }
  togglePause() {
    this.send(this.status.state === "paused" ? "resume" : "pause");
  }

  confirmEnd() {
    const b = this.el.end;
    if (b.dataset.armed) {
      delete b.dataset.armed;
      setText(b, t("console.end"));
      this.send("end");
      return;
    }
    b.dataset.armed = "1";
    setText(b, t("console.confirm_end"));
    setTimeout(() => { delete b.dataset.armed; setText(b, t("console.end")); }, 3000);
  }

  result(msg, kind, own) {
    const name = commandName(kind);
    const what = own ? name : t("console.from_other", { command: name });
    if (!msg.ok && kind === "calm" && this.status.state === "calm") {
      setText(this.el.feedback, t("console.already_calm"));
      this.el.feedback.className = "feedback";
      return;
    }
    const declined = this.declineIds.delete(msg.id) || msg.consent === false; // ours, or another console's no
    setText(this.el.feedback, msg.ok ? t(declined ? "console.declined_done" : "console.done", { command: what })
      : t("console.refused", { command: what, reason: reasonText(msg.reason, msg.reason_args) || msg.error
        || t("console.no_reason") }));
    this.el.feedback.className = msg.ok ? "feedback ok" : "feedback bad";
  }

  setInfo(data) {
    Object.assign(this.info, data);
    if (data.title !== undefined || data.experience !== undefined) {
      setText(this.el.title, this.info.title || this.info.experience || "");
    }
    if (data.chapters) {
      this.el.jumpSel.replaceChildren(h("option", { value: "" }, t("console.jump_to")),
        ...this.info.chapters.map((c) => h("option", { value: c.id }, c.title || c.id)),
        h("option", { value: "end" }, t("console.jump_debrief")));
    }
    if (data.buses) this.volume.setBuses(this.info.buses);
    if (data.checkins) this.renderCheckins();
    if (data.notes) this.notes.render(this.info.notes);
    if (data.transcript) this.renderTranscript();
    if (data.status) this.setStatus(data.status);
    this.debrief.render();
    this.renderLink();
  }

  renderLink() {
    const on = this.info.connected !== false;
    const ended = this.info.ended === true;
    setText(this.el.conn, t(on ? (this.status.console_lost ? "console.reconnecting" : "console.connected")
      : (ended ? "console.session_ended" : "console.disconnected")));
    this.el.conn.className = on ? "chip ok" : (ended ? "chip" : "chip bad");
    this.el.headset.hidden = !on;
    this.root.classList.toggle("offline", !on && !ended);
    this.root.classList.toggle("finished", ended);
    if (ended && this.state !== "ended") this.setStatus({ ...this.status, state: "ended", hold: null,
      checkin: null, choice: null, line: null });
  }

  setStatus(s) {
    this.status = s;
    const e = this.el;
    const consent = s.consent === true || this.info.consent === true;
    const declined = !consent && (s.consent === false || this.info.consent_at != null);
    const state = cardState(s, consent, declined);
    this.state = state;
    this.root.dataset.state = state;
    setText(e.badge, STATES.includes(state) ? t(`console.state.${state}`) : state);
    e.badge.className = `badge s-${state}`;
    setText(e.headset, t(s.headset === false ? "console.headset_off" : "console.headset_on"));
    e.headset.className = s.headset === false ? "chip warn" : "chip";
    e.headset.hidden = this.info.connected === false;
    const ch = s.chapter || {};
    const count = this.info.chapters.length;
    const n = fmt.number((ch.index ?? 0) + 1);
    setText(e.chapter, state === "debrief" ? t("console.jump_debrief") : ch.title ? `${count ? t("console.chapter_of", { n, count: fmt.number(count) })
      : t("console.chapter_n", { n })} · ${ch.title}` : t("console.not_started"));
    const elapsed = t("console.elapsed", { time: fmtTime(s.elapsed) });
    setText(e.times, s.remaining != null ? `${elapsed} · ${t("console.remaining", { time: fmtTime(s.remaining) })}`
      : elapsed);
    setText(e.speaker, s.line ? `${s.line.speaker || t("console.narrator")}: ` : "");
    setText(e.line.lastChild, s.line ? s.line.text : t("console.no_line"));
    e.line.classList.toggle("idle", !s.line);
    const asking = state === "consent" || state === "declined";
    e.hold.hidden = !(state === "hold" || asking);
    e.hold.classList.toggle("declined", state === "declined");
    setText(e.holdNote, state === "declined" ? t("console.declined_at", { time: fmt.time(this.info.consent_at
      ?? Date.now() / 1000) }) : s.hold ? s.hold.note || s.hold.id : "");
    setText(e.holdTag, t(state === "declined" ? "console.state.declined"
      : state === "consent" ? "console.consent_hold" : "console.hold"));
    setText(e.holdBtn, t(asking ? "console.consent_given" : "console.continue"));
    e.holdBtn.title = t(asking ? "console.consent_title" : "console.continue_title");
    e.declineBtn.hidden = state !== "consent";
    e.ready.hidden = state !== "ready";
    const at = this.info.consent_at;
    setText(e.readyText, at ? t("console.ready_at", { time: fmt.time(at) }) : t("console.ready_text"));
    const q = s.checkin || s.choice;
    e.ask.hidden = !q;
    setText(e.askText, q ? q.prompt : "");
    this.renderAsk(q, !s.checkin && !!s.choice);
    setText(e.pause, t(state === "paused" ? "console.resume" : "console.pause"));
    e.pause.classList.toggle("primary", state === "paused");
    const over = state === "ended";
    e.calm.hidden = state === "calm" || over;
    e.leave.hidden = state !== "calm";
    for (const c of this.controls.querySelectorAll("button, select")) c.disabled = over;
    const missed = s.missed ?? 0;
    setText(e.health, t("console.health", { fps: fmt.number(s.fps ?? 0), p99: fmt.number(s.frame_p99 ?? 0, 1),
      missed: fmt.number(missed) }));
    e.health.className = missed > 0 && s.fps < 60 ? "warn" : "";
    const room = s.room_view;
    e.room.hidden = !room;
    e.room.setAttribute("aria-pressed", room && room.on ? "true" : "false");
    e.room.classList.toggle("primary", !!(room && room.on));
    setText(e.room, t(room && room.on ? (room.kind === "offscreen" ? "console.room_view_offscreen"
      : "console.room_view_on") : "console.room_view"));
    this.volume.setValues(s.volume || {});
    this.language.render(s.language);
    this.debrief.render();
    this.renderLink();
  }

  addLine(ev) {
    this.info.transcript.push({ speaker: ev.data.speaker, text: ev.data.text, t: ev.t });
    if (this.info.transcript.length > 40) this.info.transcript.shift();
    this.renderTranscript();
  }

  renderTranscript() {
    const items = this.info.transcript.slice(-8).map((l) =>
      h("li", {}, h("span", { class: "speaker" }, `${l.speaker || t("console.narrator")}: `), l.text || ""));
    this.el.transcript.replaceChildren(...items);
    this.el.transcript.scrollTop = this.el.transcript.scrollHeight;
  }

  addCheckin(msg) {
    this.info.checkins.push({ checkin_id: msg.checkin_id, prompt: msg.prompt, value: msg.value, t: msg.t,
      practice: msg.practice === true });
    this.renderCheckins();
  }

  /** The trend: the story's check-ins only; the tutorial's practice answers are named apart, under it. */
  renderCheckins() {
    const numbers = (list) => list.map((c) => c.value).filter((v) => typeof v === "number");
    const vals = numbers(this.info.checkins.filter((c) => !c.practice));
    const practice = numbers(this.info.checkins.filter((c) => c.practice));
    this.el.spark.replaceChildren(sparkline(vals));
    this.el.practice.hidden = !practice.length;
    setText(this.el.practice, practice.length ? t("console.checkins_practice",
      { values: practice.map((v) => fmt.number(v)).join(", ") }) : "");
    const last = vals.length ? vals[vals.length - 1] : null;
    setText(this.el.lastCheck, last === null ? t("console.checkins_none") : t("console.checkins_latest",
      { value: fmt.number(last) }));
    this.el.lastCheck.className = last !== null && last >= 7 ? "last high" : "last";
  }
}
