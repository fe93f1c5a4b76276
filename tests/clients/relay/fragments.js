// What a Relay app's entity page declares (issue 25): a refetchable Entity fragment with a
// paginated relationships connection, an exposure report, and a node lookup.
import { graphql } from "react-relay";

export const entity = graphql`
  fragment EntityPage_entity on Entity
  @refetchable(queryName: "EntityPageRefetchQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 5 }, cursor: { type: "String" }) {
    id
    name
    kind
    listings { id list { id name } listedDate via { id name } }
    relationships(first: $count, after: $cursor)
      @connection(key: "EntityPage_relationships") {
      totalCount
      edges {
        node {
          id
          type
          from { id name }
          to { id name }
          citations { quote source { id title } }
        }
      }
    }
  }
`;

export const exposure = graphql`
  fragment EntityPage_exposure on ExposureReport {
    id
    totalCount
    exposures {
      id
      cursor
      distance
      entity { id name }
      paths {
        id
        nodes { id name }
        hops {
          id type
          ... on Relationship { citations { quote } }
          ... on JudgementHop { judgement { id by at note } }
        }
      }
    }
  }
`;

export const query = graphql`
  query EntityPageQuery($id: ID!) {
    entity(id: $id) { ...EntityPage_entity }
    sanctionsExposure(entityId: $id) { ...EntityPage_exposure }
    viewer { role }
  }
`;

export const alert = graphql`
  query AlertNodeQuery($id: ID!) {
    node(id: $id) {
      id
      ... on Alert { kind at watchedEntity { id name } party { id name } run { id startedAt } }
    }
  }
`;
