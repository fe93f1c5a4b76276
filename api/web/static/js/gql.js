// The app's only way to data: POST /graphql, with the kept key when there is one.
import { currentKey, keyRefused } from "./access.js";

export class GraphQLError extends Error {
  constructor(message, code, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

// Read your own writes behind a load balancer: a mutation's answer carries the bookmarks of
// its transaction (extensions.bookmarks); every later request of this tab sends them back
// (Entangle-Bookmarks, comma-separated), so whichever instance and Neo4j member serves it
// answers from a state that includes the edit (docs/api.md). Kept per tab, in sessionStorage.
const BOOKMARKS = "entangle.bookmarks";

function keptBookmarks() {
  try {
    const kept = JSON.parse(sessionStorage.getItem(BOOKMARKS) || "[]");
    return Array.isArray(kept) ? kept.filter((b) => typeof b === "string") : [];
  } catch {
    return [];
  }
}

function keep(bookmarks) {
  if (Array.isArray(bookmarks) && bookmarks.length) {
    sessionStorage.setItem(BOOKMARKS, JSON.stringify(bookmarks));
  }
}

export async function gql(query, variables = {}) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  const key = currentKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  const bookmarks = keptBookmarks();
  if (bookmarks.length) headers["Entangle-Bookmarks"] = bookmarks.join(",");
  let response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables }),
    });
  } catch (exc) {
    throw new GraphQLError(`The server did not answer (${exc.message}).`, "NETWORK", 0);
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new GraphQLError(`The server answered HTTP ${response.status}.`, "HTTP", response.status);
  }
  if (response.status === 401) {
    keyRefused(body.errors?.[0]?.message || "a key is required");
  }
  keep(body.extensions?.bookmarks);
  if (response.status === 400 && bookmarks.length && /bookmark/.test(body.errors?.[0]?.message || "")) {
    // bookmarks of another database (it was reset or replaced): forget them and ask again
    sessionStorage.removeItem(BOOKMARKS);
    return gql(query, variables);
  }
  if (body.errors?.length) {
    const first = body.errors[0];
    throw new GraphQLError(first.message, first.extensions?.code || "ERROR", response.status);
  }
  return body.data;
}
