"""ingestFindings: the same records and rules as `entangle ingest` (editor role)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import ClientFactory, Findings, codes, data, post

INGEST = """
mutation($records: [JSON!]!, $skip: Boolean) {
  ingestFindings(records: $records, skipInvalid: $skip) {
    runId outcome
    counts { recordType created updated unchanged rejected }
    errors { location message }
  }
}
"""


def counts(report: dict[str, object], record_type: str) -> dict[str, object]:
    rows = report["counts"]
    assert isinstance(rows, list)
    return next(c for c in rows if c["recordType"] == record_type)


def test_ingest_then_query(make_client: ClientFactory, findings: Findings) -> None:
    findings.sanctions_list("el")
    findings.entity("a", name="Alpha Lab")
    findings.entity("b", name="Beta Corp", kind="Company")
    findings.rel("r", "funding", "a", "b", start="2020")
    findings.listing("x", "b", "el", listed="2019")
    with make_client(anonymous_role="editor") as editor:
        report = data(editor, INGEST, records=findings.records)["ingestFindings"]
        assert report["outcome"] == "OK" and report["errors"] == [] and report["runId"]
        assert counts(report, "entity")["created"] == 2
        assert counts(report, "relationship")["created"] == 1
        again = data(editor, INGEST, records=findings.records)["ingestFindings"]
        assert counts(again, "entity") == {
            "recordType": "entity", "created": 0, "updated": 0, "unchanged": 2, "rejected": 0,
        }  # fmt: skip
        query = """query($id: ID!) {
          sanctionsExposure(entityId: $id) { exposures { entity { id } listedBeforeLink } }
        }"""
        exposures = data(editor, query, id=findings.id("a"))["sanctionsExposure"]["exposures"]
        assert exposures == [{"entity": {"id": findings.id("b")}, "listedBeforeLink": True}]


def test_invalid_records_write_nothing(make_client: ClientFactory, findings: Findings) -> None:
    findings.entity("ok")
    findings.records.append(
        {"record": "entity", "id": findings.id("bad"), "kind": "Planet", "name": "X"}
    )
    with make_client(anonymous_role="editor") as editor:
        report = data(editor, INGEST, records=findings.records)["ingestFindings"]
        assert report["outcome"] == "INVALID"
        assert [e["location"] for e in report["errors"]] == ["records[2]"]
        assert "Planet" in report["errors"][0]["message"]
        query = "query($id: ID!) { entity(id: $id) { id } }"
        assert data(editor, query, id=findings.id("ok")) == {"entity": None}
        # skipInvalid writes the valid records and reports the rest.
        partial = data(editor, INGEST, records=findings.records, skip=True)["ingestFindings"]
        assert counts(partial, "entity")["created"] == 1
        assert counts(partial, "entity")["rejected"] == 1
        assert data(editor, query, id=findings.id("ok")) == {"entity": {"id": findings.id("ok")}}


def test_records_must_be_objects(make_client: ClientFactory) -> None:
    with make_client(anonymous_role="admin") as admin:
        assert codes(post(admin, INGEST, {"records": [1, "x"]})) == ["BAD_USER_INPUT"]
        assert codes(post(admin, INGEST, {"records": []})) == ["BAD_USER_INPUT"]


def test_reader_is_forbidden(client: TestClient, findings: Findings) -> None:
    assert codes(post(client, INGEST, {"records": findings.records})) == ["FORBIDDEN"]
