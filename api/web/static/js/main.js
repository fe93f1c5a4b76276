// The router: one shell for every page URL; the path picks the page module.
import { viewerRole } from "./access.js";
import { followAlerts } from "./alerts.js";
import { h, clear } from "./dom.js";

const ROUTES = [
  [/^\/$/, "./pages/search.js"],
  [/^\/screen$/, "./pages/screen.js"],
  [/^\/queries$/, "./pages/queries.js"],
  [/^\/entities\/([^/]+)$/, "./pages/entity.js"],
  [/^\/entities\/([^/]+)\/exposure$/, "./pages/exposure.js"],
  [/^\/entities\/([^/]+)\/dossier$/, "./pages/dossier.js"],
];

async function start() {
  const main = document.getElementById("main");
  const path = window.location.pathname;
  const params = new URLSearchParams(window.location.search);
  const route = ROUTES.find(([pattern]) => pattern.test(path));
  try {
    const role = await viewerRole();
    if (role === null) {
      clear(main).append(h("p", {}, "Enter an API key above to use the app."));
      return;
    }
    followAlerts(); // new alerts appear in the header as they are raised
    if (!route) {
      clear(main).append(h("h1", {}, "Not found"), h("p", {}, "No page at this address."));
      return;
    }
    const [pattern, module] = route;
    const args = path.match(pattern).slice(1).map(decodeURIComponent);
    const page = await import(module);
    await page.render(main, { args, params, role });
  } catch (exc) {
    showError(main, exc);
  } finally {
    document.body.dataset.ready = "true"; // for the browser tests: the page has rendered
  }
}

export function showError(main, exc) {
  clear(main).append(
    h("h1", {}, "Something went wrong"),
    h("p", { class: "error", role: "alert" }, exc.code ? `${exc.code}: ${exc.message}` : String(exc)),
  );
}

start();
