// graphql-ws 6 against the live test server (issue 25): subscribe to `alerts` and print each
// alert as one JSON line with the time it arrived (ms since the epoch). "ready" is printed
// once the server acknowledged the connection and the subscription was sent.
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const [url, key] = process.argv.slice(2);
const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: key ? { Authorization: `Bearer ${key}` } : {},
  retryAttempts: 0,
  on: { connected: () => setTimeout(() => console.log("ready"), 0) },
});
client.subscribe(
  { query: "subscription { alerts { id kind watchedEntity { id } party { id name } } }" },
  {
    next: (value) => console.log(JSON.stringify({ at: Date.now(), value })),
    error: (error) => { console.log(JSON.stringify({ error: String(error?.reason ?? error) })); process.exit(1); },
    complete: () => process.exit(0),
  },
);
