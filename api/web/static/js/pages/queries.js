// `/queries?name=NAME&p.param=value`: pick a saved query, fill a form generated from its typed
// parameters, see the table, download it as CSV or JSON (made in the browser from the result).
import { h, field, setTitle } from "../dom.js";
import { gql } from "../gql.js";
import { empty } from "../format.js";
import { toCsv } from "../csv.js";

const LIBRARY = "{ savedQueries { name description parameters { name type required default description } } }";
const RUN = "query($name: String!, $parameters: JSON) { runSavedQuery(name: $name, parameters: $parameters) { columns rows truncated } }";

export async function render(main, { params }) {
  setTitle("Saved queries");
  const library = (await gql(LIBRARY)).savedQueries;
  const chosen = library.find((q) => q.name === params.get("name"));
  const picker = h("select", { name: "name" },
    h("option", { value: "" }, "choose a query"),
    library.map((q) => h("option", { value: q.name, selected: q === chosen }, q.name)));
  main.replaceChildren(h("h1", {}, "Saved queries"),
    h("form", { method: "get", "aria-label": "Choose a saved query" }, field("Query", picker), h("button", { type: "submit" }, "Open")));
  if (!chosen) {
    main.append(h("dl", { class: "library" }, library.map((q) => [h("dt", {}, h("a", { href: `/queries?name=${encodeURIComponent(q.name)}` }, q.name)), h("dd", {}, q.description)])));
    return;
  }
  main.append(h("p", {}, chosen.description), parameterForm(chosen, params));
  if (params.get("run") !== "1") return;
  const values = Object.fromEntries(chosen.parameters.map((p) => [p.name, value(p, params.get(`p.${p.name}`))]).filter(([, v]) => v !== undefined));
  const result = (await gql(RUN, { name: chosen.name, parameters: values })).runSavedQuery;
  main.append(resultTable(chosen.name, result));
}

function parameterForm(q, params) {
  const controls = q.parameters.map((p) => {
    const current = params.get(`p.${p.name}`) ?? "";
    const attrs = { name: `p.${p.name}`, required: p.required, placeholder: p.default === null || p.default === undefined ? "" : `default: ${JSON.stringify(p.default)}` };
    let control;
    if (p.type === "bool") {
      control = h("select", attrs, ["", "true", "false"].map((v) => h("option", { value: v, selected: current === v }, v || "default")));
    } else if (p.type === "int" || p.type === "float") {
      control = h("input", { ...attrs, type: "number", step: p.type === "int" ? 1 : "any", value: current });
    } else {
      control = h("input", { ...attrs, value: current, pattern: p.type === "date" ? "\\d{4}(-\\d{2}(-\\d{2})?)?" : null });
    }
    const hint = `${p.type}${p.type.startsWith("list") ? " (comma-separated)" : ""}${p.required ? ", required" : ""}. ${p.description}`;
    return field(p.name, control, hint);
  });
  return h("form", { method: "get", class: "filters", "aria-label": `Parameters of ${q.name}` },
    h("input", { type: "hidden", name: "name", value: q.name }), h("input", { type: "hidden", name: "run", value: "1" }),
    controls, h("button", { type: "submit" }, "Run"));
}

/** The JSON value of a form field for a parameter type; undefined leaves it to the default. */
function value(p, text) {
  if (text === null || text === "") return undefined;
  const one = (t, s) => (t === "int" ? Number.parseInt(s, 10) : t === "float" ? Number(s) : t === "bool" ? s === "true" : s);
  const list = p.type.match(/^list<(\w+)>$/);
  return list ? text.split(",").map((s) => s.trim()).filter(Boolean).map((s) => one(list[1], s)) : one(p.type, text);
}

function cell(v) {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v) && v.every((x) => typeof x !== "object" || x === null)) return v.join("; ");
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** A cell for the CSV file: numbers and booleans as they are, the rest as the table shows it. */
const csvValue = (v) => (typeof v === "number" || typeof v === "boolean" ? v : cell(v));

function resultTable(name, result) {
  const csvText = toCsv([result.columns, ...result.rows.map((row) => row.map(csvValue))]);
  const jsonText = JSON.stringify(result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c, row[i]]))), null, 2);
  const save = (text, type, ext) => h("a", { href: "#", class: "download", onclick: (event) => {
    event.preventDefault();
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type }));
    link.download = `${name}.${ext}`;
    link.click();
    URL.revokeObjectURL(link.href);
  } }, `Download ${ext.toUpperCase()}`);
  return h("section", { "aria-labelledby": "rows-h" },
    h("h2", { id: "rows-h" }, `${result.rows.length} row${result.rows.length === 1 ? "" : "s"}${result.truncated ? " (cut at the server's row limit)" : ""}`),
    h("p", { class: "actions" }, save(csvText, "text/csv", "csv"), " ", save(jsonText, "application/json", "json")),
    result.rows.length
      ? h("table", { class: "data" }, h("thead", {}, h("tr", {}, result.columns.map((c) => h("th", { scope: "col" }, c)))),
          h("tbody", {}, result.rows.map((row) => h("tr", {}, row.map((v) => h("td", {}, cell(v)))))))
      : empty("No rows."));
}
