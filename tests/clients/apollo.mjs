// Apollo Client 4 against the live test server (issue 25): the entity page, the exposure
// report (queried twice with different selections, which warns "Cache data may be lost"
// for objects without ids), fetchMore on relationships, and automatic persisted queries
// with hashed GETs. Prints one JSON object; tests/clients/test_clients.py checks it.
// Run with `node --conditions=development` so Apollo's development warnings are on.
import { createHash } from "node:crypto";

const warnings = [];
for (const level of ["warn", "error"]) {
  const original = console[level];
  console[level] = (...args) => {
    warnings.push(args.map(String).join(" "));
    original.apply(console, args);
  };
}

const { ApolloClient, InMemoryCache, HttpLink, gql } = await import("@apollo/client");
const { PersistedQueryLink } = await import("@apollo/client/link/persisted-queries");
const { relayStylePagination } = await import("@apollo/client/utilities");
const { loadDevMessages, loadErrorMessages } = await import("@apollo/client/dev");
loadDevMessages();
loadErrorMessages();

const url = process.argv[2];
const entityId = process.argv[3];
const requests = [];
const recordingFetch = async (input, init) => {
  const target = new URL(typeof input === "string" ? input : input.url);
  const body = init?.body ? JSON.parse(init.body) : null;
  requests.push({
    method: init?.method ?? "GET",
    hasQuery: Boolean(body?.query ?? target.searchParams.get("query")),
    hashed: Boolean(body?.extensions?.persistedQuery ?? target.searchParams.get("extensions")),
  });
  return fetch(input, init);
};

function makeClient({ persisted }) {
  const http = new HttpLink({ uri: `${url}/graphql`, fetch: recordingFetch });
  const link = persisted
    ? new PersistedQueryLink({
        sha256: (text) => createHash("sha256").update(text).digest("hex"),
        useGETForHashedQueries: true,
      }).concat(http)
    : http;
  const cache = new InMemoryCache({
    possibleTypes: { Hop: ["Relationship", "JudgementHop"] },
    typePolicies: {
      Entity: { fields: { relationships: relayStylePagination(["types", "direction", "asOf", "includeRetracted"]) } },
    },
  });
  return new ApolloClient({ link, cache });
}

const ENTITY = gql`
  query Entity($id: ID!, $after: String) {
    entity(id: $id) {
      id name kind
      listings { id listedDate list { id name } }
      relationships(first: 5, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id type from { id name } to { id name } citations { quote source { id title } } } }
      }
    }
  }
`;
const EXPOSURE = gql`
  fragment HopFields on Hop {
    id type from { id } to { id }
    ... on Relationship { citations { quote } }
    ... on JudgementHop { judgement { id verdict by at note } }
  }
  query Exposure($id: ID!) {
    sanctionsExposure(entityId: $id, maxHops: 3) {
      id totalCount searchedHops
      exposures {
        id cursor distance listedBeforeLink
        entity { id name countries }
        listings { id list { id name } }
        paths { id length nodes { id name } hops { ...HopFields } }
      }
    }
  }
`;
const EXPOSURE_SUMMARY = gql`
  query ExposureSummary($id: ID!) {
    sanctionsExposure(entityId: $id, maxHops: 3) { id totalCount exposures { id distance entity { id } } }
  }
`;
// A control: Comparison has no id, so replacing it with fewer fields must warn; it shows
// that this script does see Apollo's cache warnings.
const COMPARE_FULL = gql`{ compare(a: {name: "Acme Ltd"}, b: {name: "ACME Limited"}) { score match explanation } }`;
const COMPARE_LESS = gql`{ compare(a: {name: "Acme Ltd"}, b: {name: "ACME Limited"}) { score } }`;

const result = {};
const client = makeClient({ persisted: false });
const first = await client.query({ query: ENTITY, variables: { id: entityId } });
const page1 = first.data.entity.relationships;
// fetchMore through an ObservableQuery, as a page component does.
const observable = client.watchQuery({ query: ENTITY, variables: { id: entityId } });
let watching;
const seen = await new Promise((resolve) => {
  watching = observable.subscribe({ next: (r) => { if (r.data) resolve(r.data); } });
});
await observable.fetchMore({ variables: { after: seen.entity.relationships.pageInfo.endCursor } });
const merged = client.readQuery({ query: ENTITY, variables: { id: entityId } });
watching.unsubscribe();
result.entity = { id: first.data.entity.id, name: first.data.entity.name };
result.page1 = page1.edges.map((e) => e.node.id);
result.merged = merged.entity.relationships.edges.map((e) => e.node.id);
result.totalCount = page1.totalCount;

const exposure = await client.query({ query: EXPOSURE, variables: { id: entityId } });
await client.query({ query: EXPOSURE_SUMMARY, variables: { id: entityId }, fetchPolicy: "network-only" });
await client.query({ query: EXPOSURE, variables: { id: entityId }, fetchPolicy: "network-only" });
result.exposures = exposure.data.sanctionsExposure.exposures.map((e) => e.entity.id);
result.warningsBeforeControl = [...warnings];

await client.query({ query: COMPARE_FULL });
await client.query({ query: COMPARE_LESS, fetchPolicy: "network-only" });
result.controlWarned = warnings.slice(result.warningsBeforeControl.length).some((w) => w.includes("Cache data may be lost"));

// APQ: the first client registers the document (hashed GET → not found → POST with it);
// a fresh client then gets it by hash alone, over GET.
// An alias unique to this run, so the document is new to the shared store.
const probe = `probe_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
const VIEWER = gql(`query ApqProbe { viewer { role } ${probe}: relationshipTypes sanctionsLists { id } }`);
requests.length = 0;
const apqFirst = await makeClient({ persisted: true }).query({ query: VIEWER });
result.apqFirst = [...requests];
requests.length = 0;
const apqAgain = await makeClient({ persisted: true }).query({ query: VIEWER });
result.apqAgain = [...requests];
result.apqRole = apqFirst.data.viewer.role;
result.apqSame = JSON.stringify(apqFirst.data) === JSON.stringify(apqAgain.data);
result.warnings = warnings;
process.stdout.write(JSON.stringify(result) + "\n");
