// Live alerts (issue 25): Subscription.alerts over graphql-transport-ws, shown in the header
// as they are raised, without a reload. The key goes in connection_init (browsers cannot
// set headers on a WebSocket); every text is set as text (h), never as markup.
import { currentKey } from "./access.js";
import { h, clear, entityPath } from "./dom.js";

const SUBSCRIPTION = "subscription { alerts { id kind at watchedName partyName "
  + "watchedEntity { id } party { id } } }";
const MAX_SHOWN = 20;
const RETRY_MS = [1000, 2000, 5000, 10000, 30000];

const seen = [];

export function followAlerts() {
  const box = document.getElementById("alerts");
  if (!box || !("WebSocket" in window)) return;
  connect(box, 0);
}

function connect(box, attempt) {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(`${scheme}//${window.location.host}/graphql`, "graphql-transport-ws");
  const key = currentKey();
  socket.onopen = () => {
    socket.send(JSON.stringify({ type: "connection_init", payload: key ? { Authorization: `Bearer ${key}` } : {} }));
  };
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "connection_ack") {
      attempt = 0;
      box.dataset.live = "true"; // for the browser tests: the subscription is open
      socket.send(JSON.stringify({ id: "alerts", type: "subscribe", payload: { query: SUBSCRIPTION } }));
    } else if (message.type === "next" && message.payload?.data?.alerts) {
      seen.unshift(message.payload.data.alerts);
      seen.splice(MAX_SHOWN);
      render(box);
    } else if (message.type === "ping") {
      socket.send(JSON.stringify({ type: "pong" }));
    }
  };
  socket.onclose = (event) => {
    delete box.dataset.live;
    if (event.code === 4403) return; // the key was refused: the key form says so
    const wait = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)];
    window.setTimeout(() => connect(box, attempt + 1), wait);
  };
}

function render(box) {
  const list = h("ul", { class: "alert-list" }, seen.map((a) => h("li", { class: "alert" },
    h("span", { class: "kind" }, a.kind.toLowerCase().replaceAll("_", " ")), " · ",
    a.watchedEntity ? h("a", { href: entityPath(a.watchedEntity.id) }, a.watchedName) : a.watchedName,
    a.party ? [" → ", h("a", { href: entityPath(a.party.id) }, a.partyName || a.party.id)] : "")));
  clear(box).append(h("details", { class: "alerts-box" },
    h("summary", {}, `${seen.length} new alert${seen.length === 1 ? "" : "s"}`), list));
}
