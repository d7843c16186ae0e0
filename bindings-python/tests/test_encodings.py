"""The wire-encoding contract (tests/contract/encodings.json) through this binding: every valid
call previews to the table's exact POST body, every invalid one is a UsageError naming the
table's flag, raised before any I/O."""

from __future__ import annotations

from typing import Any, List, Tuple

import pytest

import virtualmin_remote

from conftest import TestServer, contract

TABLE = contract("encodings.json")


def pairs_of(case: Any) -> List[Tuple[str, str]]:
    return [(name, value) for name, value in case["args"]]


def case_id(case: Any) -> str:
    return f"{case['program'] or '<empty>'}-{case.get('format', case.get('flag'))}"


@pytest.mark.parametrize("case", TABLE["valid"], ids=case_id)
def test_valid_calls_preview_to_the_tables_body(server: TestServer, case: Any) -> None:
    client = server.client(format=case["format"])
    preview = client.preview(case["program"], pairs_of(case))
    assert preview.body == case["body"]
    assert preview.method == "POST"
    assert preview.url == f"{server.url}/virtual-server/remote.cgi"


@pytest.mark.parametrize("case", TABLE["valid"], ids=case_id)
def test_valid_calls_send_the_tables_body(server: TestServer, case: Any) -> None:
    client = server.client(format=case["format"])
    try:
        client.call(case["program"], pairs_of(case))
    except virtualmin_remote.VirtualminError:
        pass  # the server may well refuse these flags; what was sent is the point
    assert server.last_body() == case["body"]


@pytest.mark.parametrize("case", TABLE["invalid"], ids=case_id)
def test_invalid_calls_are_usage_errors_naming_the_flag(server: TestServer, case: Any) -> None:
    client = server.client()
    before = server.control("stats")["api_requests"]
    for attempt in (client.preview, client.call):
        with pytest.raises(virtualmin_remote.UsageError) as caught:
            attempt(case["program"], pairs_of(case))
        assert caught.value.flag == case["flag"]
        assert caught.value.kind == "Usage"
        assert isinstance(caught.value, ValueError)
    assert server.control("stats")["api_requests"] == before
