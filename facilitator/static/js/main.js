// The facilitator console page: a card per headset, room-wide controls, live updates.

import { Card } from "./card.js";
import { HubSocket } from "./socket.js";
import { installKeys } from "./keys.js";
import { h, setText } from "./dom.js";
import { WorkshopPanel } from "./workshop.js";
import { chooseLanguage, lang, languageName, languages, loadCatalogue, t } from "./i18n.js";

await loadCatalogue();

const cards = new Map();
const grid = document.getElementById("cards");
const empty = document.getElementById("empty");
const link = document.getElementById("link");
const [before, after] = t("console.empty").split("{command}");
empty.replaceChildren(before, h("code", {}, "python run_vr.py run"), after ?? "");
const picker = document.getElementById("ui-lang");
picker.replaceChildren(...languages.map((code) => h("option", { value: code, selected: code === lang }, languageName(code))));
picker.addEventListener("change", () => chooseLanguage(picker.value));
let selected = null;

function select(card, focus = false) {
  if (selected && selected !== card) selected.root.classList.remove("selected");
  selected = card;
  if (card) {
    card.root.classList.add("selected");
    if (focus) card.root.focus();
  }
}

function cardFor(code) {
  let card = cards.get(code);
  if (!card) {
    card = new Card(code, cards.size, hub, select);
    cards.set(code, card);
    grid.append(card.root);
    empty.hidden = true;
    workshop.update(workshop.data);
    if (!selected) select(card);
  }
  return card;
}

function onMessage(msg) {
  switch (msg.type) {
    case "welcome":
      for (const s of msg.sessions || []) cardFor(s.session).setInfo(s);
      if (msg.workshop) workshop.update(msg.workshop);
      break;
    case "session": cardFor(msg.session).setInfo(msg.data); break;
    case "status": cardFor(msg.session).setStatus(msg.data); break;
    case "event": {
      const card = cardFor(msg.session);
      if (msg.name === "LineStarted") card.addLine(msg);
      else if (msg.name === "DebriefReached") card.setInfo({ debrief: { chapter_id: msg.data.chapter_id, prompts: msg.data.prompts } });
      break;
    }
    case "checkin_response": cardFor(msg.session).addCheckin(msg); break;
    case "command_result":
      if (cards.has(msg.session)) {
        cards.get(msg.session).result(msg, msg.kind || hub.kinds.get(msg.id), hub.kinds.has(msg.id));
      }
      break;
    case "mirror": if (cards.has(msg.session)) cards.get(msg.session).mirror.show(msg); break;
    case "workshop": workshop.update(msg.data); break;
    case "error": console.warn("hub:", msg.message); break;
    default: break;
  }
}

function onLink(up) {
  setText(link, up ? t("console.link_on") : t("console.link_off"));
  link.className = up ? "link on" : "link off";
}

const hub = new HubSocket(onMessage, onLink);
const workshop = new WorkshopPanel(document.getElementById("evaluation"), hub, () => [...cards.keys()]);

const room = {
  selected: () => selected,
  select: (i) => { const c = [...cards.values()][i]; if (c) select(c, true); },
  all: (kind) => hub.command("all", kind),
  toggleHelp: () => {
    const help = document.getElementById("help");
    help.hidden = !help.hidden;
    document.getElementById("help-btn").setAttribute("aria-expanded", String(!help.hidden));
  },
};
for (const [id, kind] of [["start-all", "start"], ["pause-all", "pause"], ["resume-all", "resume"], ["calm-all", "calm"]]) {
  document.getElementById(id).addEventListener("click", () => room.all(kind));
}
document.getElementById("help-btn").addEventListener("click", room.toggleHelp);
installKeys(room);
window.consoleRoom = { cards, hub, workshop };
