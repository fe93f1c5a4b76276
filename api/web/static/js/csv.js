// A small RFC 4180 reader for the screen page's uploads: quoted fields, doubled quotes,
// commas and newlines inside quotes, CRLF or LF. Returns rows of strings.
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let value = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { value += '"'; i += 1; }
      else if (c === '"') quoted = false;
      else value += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(value); value = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i += 1;
      row.push(value); rows.push(row); row = []; value = "";
    } else value += c;
  }
  if (value !== "" || row.length) { row.push(value); rows.push(row); }
  return rows.filter((r) => r.some((v) => v.trim() !== ""));
}

/** Rows with a header → objects keyed by the lower-cased header names. */
export function records(rows) {
  const [header, ...body] = rows;
  const names = (header || []).map((n) => n.trim().toLowerCase().replace(/^\ufeff/, ""));
  return { names, items: body.map((r, i) => ({ line: i + 2, ...Object.fromEntries(names.map((n, j) => [n, (r[j] ?? "").trim()])) })) };
}
