"""Results: what Python gets equals what the core decodes (the CLI's JSON, printed by the same
core), whichever wire format carried it; the views and the repr of a Response; state round
trips through the stateful programs."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any, List

import pytest

import virtualmin_remote

from conftest import REPO_DIR, TestServer

CLI = Path(os.environ.get("VMR_CLI", REPO_DIR / "target" / "debug" / "virtualmin-remote"))
FORMATS = ["json", "json-minified", "text", "xml", "perl"]

CALLS = [
    ["list-domains", "--multiline"],
    ["list-domains", "--name-only"],
    ["list-users", "--domain", "example.com", "--multiline"],
    ["list-aliases", "--domain", "example.com", "--multiline"],
    ["get-command", "--command", "list-domains"],
    ["list-commands"],
]


def cli_json(server: TestServer, words: List[str]) -> Any:
    """What the command-line tool prints for a call, as JSON."""
    if not CLI.exists():
        pytest.fail(f"{CLI} is missing: run `cargo build -p virtualmin-remote-cli`")
    command = [
        str(CLI),
        "--server", server.url,
        "--user", "root",
        "--fingerprint", server.fingerprint,
        "--output", "json",
        *words,
    ]  # fmt: skip
    env = {**os.environ, "VIRTUALMIN_PASSWORD": server.password}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    return json.loads(done.stdout)


def keywords(words: List[str]) -> Any:
    """`--flag value` / bare `--flag` words as call keywords."""
    flags: dict[str, Any] = {}
    at = 0
    while at < len(words):
        name = words[at][2:].replace("-", "_")
        if at + 1 < len(words) and not words[at + 1].startswith("--"):
            flags[name] = words[at + 1]
            at += 2
        else:
            flags[name] = True
            at += 1
    return flags


@pytest.mark.parametrize("words", CALLS, ids=" ".join)
def test_data_equals_what_the_cli_prints_from_the_same_core(
    server: TestServer, client: virtualmin_remote.Client, words: List[str]
) -> None:
    expected = cli_json(server, words)
    response = client.call(words[0], **keywords(words[1:]))
    assert expected["status"] == response.status == "success"
    assert expected["command"] == response.program == words[0]
    assert response.data == expected.get("data")
    assert response.output == expected.get("output")


def test_a_program_error_carries_what_the_cli_reports(
    server: TestServer, client: virtualmin_remote.Client
) -> None:
    words = ["create-alias", "--domain", "nosuch.example", "--from", "x", "--to", "a@b.c"]
    expected = cli_json(server, words)
    with pytest.raises(virtualmin_remote.ProgramError) as caught:
        client.call(words[0], **keywords(words[1:]))
    assert expected["kind"] == caught.value.kind
    assert expected["message"] == caught.value.message
    assert expected["error"] == caught.value.error
    assert expected["full_error"] == caught.value.output


@pytest.mark.parametrize("wire_format", FORMATS[1:])
@pytest.mark.parametrize("words", CALLS, ids=" ".join)
def test_every_wire_format_gives_the_same_result_as_json(
    server: TestServer, client: virtualmin_remote.Client, words: List[str], wire_format: str
) -> None:
    flags = keywords(words[1:])
    other = server.client(format=wire_format).call(words[0], **flags)
    reference = client.call(words[0], **flags)
    assert other.format == wire_format
    assert other.data == reference.data
    assert other.records == reference.records
    assert other.output == reference.output
    assert other.exit_status == (0 if wire_format == "text" else None)


def test_views_pick_records_pairs_and_names_out_of_data(
    client: virtualmin_remote.Client,
) -> None:
    listing = client.call("list-domains", multiline=True)
    assert listing.records == listing.data
    assert listing.records[0] is listing.data[0]
    domain = next(r for r in listing.records if r["name"] == "example.com")
    assert all(isinstance(v, list) for v in domain["values"].values())
    assert listing.names == [] and listing.pairs == []

    names = client.call("list-domains", name_only=True)
    assert names.names == names.data == [r["name"] for r in listing.records]
    assert names.records == []

    described = client.call("get-command", command="list-domains")
    assert described.pairs and all(isinstance(p, tuple) for p in described.pairs)
    assert dict(described.pairs)["Description"]
    assert described.records


def test_text_output_arrives_as_output(fresh: TestServer, client: virtualmin_remote.Client) -> None:
    created = client.call("create-alias", domain="example.com", from_="out", to="a@example.com")
    assert created.data is None
    assert created.output is not None and "created" in created.output
    assert created.records == created.names == created.pairs == []


def test_repr_summarises_a_response(client: virtualmin_remote.Client) -> None:
    listing = client.call("list-domains", multiline=True)
    count = len(listing.data)
    assert repr(listing) == (
        f"Response(program='list-domains', status='success', format='json', "
        f"items={count}, records={count})"
    )


def test_create_list_delete_round_trip(fresh: TestServer, client: virtualmin_remote.Client) -> None:
    client.call("create-domain", domain="round.example", pass_="Dom-Pw-1", desc="Round trip")
    assert "round.example" in client.call("list-domains", name_only=True).names
    listed = client.call("list-domains", domain="round.example", multiline=True).records
    assert [r["name"] for r in listed] == ["round.example"]
    assert listed[0]["values"]["description"] == ["Round trip"]

    client.call("delete-domain", domain="round.example")
    assert "round.example" not in client.call("list-domains", name_only=True).names


def test_get_method_puts_the_call_in_the_query(
    server: TestServer,
) -> None:
    response = server.client(method="GET").call("list-domains", name_only=True)
    assert response.names
    last = server.requests()[-1]
    assert last["method"] == "GET"
    assert last["query"] == "program=list-domains&name-only=&json=1"


def test_fingerprint_fetches_the_servers_pin(server: TestServer) -> None:
    assert virtualmin_remote.fingerprint(server.url) == server.fingerprint


def test_ca_file_trusts_a_ca_signed_server(start_server: Any) -> None:
    own = start_server("--cert", "ca-signed", "--seed")
    assert own.ca_file
    client = virtualmin_remote.Client(own.url, "root", own.password, ca_file=own.ca_file)
    assert client.call("list-domains", name_only=True).names
