// Entity-page panels that exist only when the server's API has their fields: a server without
// them shows the page without the panel. New panels (same-as cluster, ...) register here.
import { h } from "./dom.js";
import { gql, fieldsOf } from "./gql.js";

const PANELS = [];

export async function panels(entity, role) {
  const query = await fieldsOf("Query");
  const built = [];
  for (const panel of PANELS) {
    if (panel.needs.every((name) => query.has(name))) {
      built.push(await panel.render(entity, role, { gql, h }));
    }
  }
  return built;
}
