"""Keyword and pair arguments as they arrive on the wire (read back from the test server's
request log), and the arguments that are refused before anything is sent."""

from __future__ import annotations

import enum
import logging
from typing import Any, Dict, List

import pytest

import virtualmin_remote

from conftest import TestServer


class Limit(enum.IntEnum):
    MAILBOXES = 100


def test_keywords_map_underscores_bare_flags_and_lists_on_the_wire(
    fresh: TestServer, client: virtualmin_remote.Client
) -> None:
    client.call(
        "create-alias",
        domain="example.com",
        from_="wire",
        to=["alice@example.com", "bob@example.com"],
        desc=None,
    )
    assert fresh.last_body() == (
        "program=create-alias&domain=example.com&from=wire"
        "&to=alice%40example.com&to=bob%40example.com&json=1"
    )

    client.call("list-domains", name_only=True, domain=("test.org", "example.com"))
    assert fresh.last_body() == (
        "program=list-domains&name-only=&domain=test.org&domain=example.com&json=1"
    )


def test_ints_are_sent_as_decimal_text_and_false_or_none_leave_flags_out(
    fresh: TestServer, client: virtualmin_remote.Client
) -> None:
    client.call(
        "create-domain",
        domain="ints.example",
        pass_="Dom-Pw-1",
        max_doms=5,
        max_mailboxes=Limit.MAILBOXES,
        unix=True,
        desc=None,
        webmin=False,
        mail=True,
    )
    assert fresh.last_body() == (
        "program=create-domain&domain=ints.example&pass=Dom-Pw-1"
        "&max-doms=5&max-mailboxes=100&unix=&mail=&json=1"
    )


def test_keyword_order_is_the_order_on_the_wire(
    server: TestServer, client: virtualmin_remote.Client
) -> None:
    client.call("list-domains", domain="test.org", multiline=True, name_only=False)
    assert server.last_body() == "program=list-domains&domain=test.org&multiline=&json=1"
    client.call("list-domains", multiline=True, domain="test.org")
    assert server.last_body() == "program=list-domains&multiline=&domain=test.org&json=1"


def test_pairs_take_names_verbatim_with_true_or_none_for_bare_flags(
    server: TestServer, client: virtualmin_remote.Client
) -> None:
    pairs: List[Any] = [
        ("domain", "example.com"),
        ("domain", "test.org"),
        ["multiline", True],
        ("name-only", None),
    ]
    client.call("list-domains", pairs)
    assert server.last_body() == (
        "program=list-domains&domain=example.com&domain=test.org&multiline=&name-only=&json=1"
    )
    # No keyword mapping in this form: an underscore stays an underscore.
    body = client.preview("create-alias", [("with_under", "1"), ("from_", "x")]).body
    assert body == "program=create-alias&with_under=1&from_=x&json=1"


def test_preview_shows_the_body_that_call_sends(
    server: TestServer, client: virtualmin_remote.Client
) -> None:
    flags: Dict[str, Any] = {"domain": ["example.com", "test.org"], "multiline": True}
    client.call("list-domains", **flags)
    assert client.preview("list-domains", **flags).body == server.last_body()


def test_mixing_pairs_and_keywords_is_a_usage_error(client: virtualmin_remote.Client) -> None:
    with pytest.raises(virtualmin_remote.UsageError, match="not both"):
        client.call("list-domains", [("multiline", True)], name_only=True)


@pytest.mark.parametrize(
    ("keyword", "value", "flag"),
    [
        ("quota", 1.5, "quota"),
        ("desc", b"bytes", "desc"),
        ("desc", {"a": 1}, "desc"),
        ("desc", object(), "desc"),
        ("to", ["a@example.com", 3.0], "to"),
        ("to", ["a@example.com", None], "to"),
        ("to", [True], "to"),
        ("to", {"a@example.com"}, "to"),
        ("name_only", 1j, "name-only"),
        ("from_", 2.0, "from"),
    ],
)
def test_unsupported_keyword_values_are_usage_errors_naming_the_flag(
    client: virtualmin_remote.Client, keyword: str, value: object, flag: str
) -> None:
    with pytest.raises(virtualmin_remote.UsageError) as caught:
        client.preview("create-alias", **{keyword: value})  # type: ignore[arg-type]
    assert caught.value.flag == flag
    assert caught.value.kind == "Usage"
    assert f"--{flag}" in str(caught.value)


@pytest.mark.parametrize(
    "pairs",
    [
        "multiline",
        {"multiline": True},
        [("multiline",)],
        [("a", "1", "2")],
        [(1, "x")],
        ["ab"],
        42,
    ],
)
def test_malformed_pairs_are_usage_errors(client: virtualmin_remote.Client, pairs: Any) -> None:
    with pytest.raises(virtualmin_remote.UsageError):
        client.preview("list-domains", pairs)


@pytest.mark.parametrize("value", [False, 5, 1.0, b"x"])
def test_a_pair_value_must_be_str_true_or_none(
    client: virtualmin_remote.Client, value: object
) -> None:
    with pytest.raises(virtualmin_remote.UsageError) as caught:
        client.preview("list-domains", [("domain", value)])  # type: ignore[list-item]
    assert caught.value.flag == "domain"


def test_usage_errors_send_nothing(server: TestServer, client: virtualmin_remote.Client) -> None:
    before = server.control("stats")["api_requests"]
    for bad in [
        lambda: client.call("List-Domains"),
        lambda: client.call("list-domains", Multiline=True),
        lambda: client.call("list-domains", json=True),
        lambda: client.call("create-alias", to="a@example.com\nb@example.com"),
        lambda: client.call("create-alias", to=1.5),
    ]:
        with pytest.raises(virtualmin_remote.UsageError):
            bad()
    assert server.control("stats")["api_requests"] == before


def test_list_programs_get_multiline_unless_told_otherwise(server: TestServer) -> None:
    assert server.client().preview("list-domains").body == (
        "program=list-domains&multiline=&json=1"
    )
    assert server.client().preview("list-domains", name_only=True).body == (
        "program=list-domains&name-only=&json=1"
    )
    plain = server.client(auto_multiline=False)
    assert plain.preview("list-domains").body == "program=list-domains&json=1"


def test_strict_check_mode_refuses_unknown_flags_before_sending(
    server: TestServer, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(virtualmin_remote.UsageError) as caught:
        server.client(check_mode="strict").call("list-domains", name_onyl=True)
    assert caught.value.flag == "name-onyl"

    server.client(check_mode="warn").preview("list-domains", name_onyl=True)
    assert any(
        r.levelno == logging.WARNING and "name-onyl" in r.getMessage() for r in caplog.records
    )
    caplog.clear()
    server.client(check_mode="off").preview("list-domains", name_onyl=True)
    assert not [r for r in caplog.records if "name-onyl" in r.getMessage()]

    with pytest.raises(virtualmin_remote.UsageError):
        server.client(check_mode="picky")  # type: ignore[arg-type]


def test_retries_must_not_be_negative(server: TestServer) -> None:
    with pytest.raises(virtualmin_remote.UsageError):
        server.client(retries=-1)
    assert server.client(retries=2).call("list-domains", name_only=True).names
