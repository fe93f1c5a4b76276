// The app's only way to data: POST /graphql, with the kept key when there is one.
import { currentKey, keyRefused } from "./access.js";

export class GraphQLError extends Error {
  constructor(message, code, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export async function gql(query, variables = {}) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  const key = currentKey();
  if (key) headers.Authorization = `Bearer ${key}`;
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
  if (body.errors?.length) {
    const first = body.errors[0];
    throw new GraphQLError(first.message, first.extensions?.code || "ERROR", response.status);
  }
  return body.data;
}
