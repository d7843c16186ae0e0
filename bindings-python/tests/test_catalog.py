"""The catalog of programs and flags: reading it, checking calls against it (every kind of
problem, as typed values), the client's check mode and catalog, and the live catalog read from
the test server with the GIL released."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import List

import pytest

import virtualmin_remote
from virtualmin_remote import Catalog, Problem, ProblemKind

from conftest import PauseWatch, TestServer

#: A catalog of one program, in the bundled file's format.
TINY_CATALOG = json.dumps(
    {
        "source": "tiny test catalog",
        "programs": [
            {
                "name": "list-domains",
                "category": "Virtual servers",
                "flags": [
                    {"name": "multiline"},
                    {"name": "name-only"},
                    {"name": "domain", "takes_value": True, "repeatable": True},
                ],
                "exclusive_groups": [{"alternatives": [["multiline"], ["name-only"]]}],
            }
        ],
    }
)


def kinds(problems: List[Problem]) -> List[tuple[str, str | None]]:
    return [(problem.kind.value, problem.flag) for problem in problems]


def test_bundled_catalog_lists_every_program_with_flags_and_groups() -> None:
    catalog = Catalog.bundled()
    programs = catalog.programs()

    assert len(catalog) == len(programs) == 159
    assert "8.1" in catalog.source
    assert [p.name for p in programs] == sorted(p.name for p in programs)
    spec = catalog.program("list-domains")
    assert spec is not None and spec in programs
    assert spec.category == "Virtual servers" and spec.description
    name_only = spec.flag("name-only")
    assert name_only == virtualmin_remote.FlagSpec("name-only", False, False, False)
    domain = spec.flag("domain")
    assert domain is not None and domain.takes_value and domain.repeatable
    assert spec.accepts_multiline
    assert any(("name-only",) in group.alternatives for group in spec.groups)
    assert all(isinstance(group, virtualmin_remote.ExclusiveGroup) for group in spec.groups)


def test_catalog_lookup_follows_alternative_names_and_knows_pro_programs() -> None:
    catalog = Catalog.bundled()
    licence = catalog.program("license-info")
    assert licence is not None and licence.name == "licence-info"
    assert "license-info" in catalog and "make-coffee" not in catalog
    assert catalog.program("make-coffee") is None
    assert catalog.is_pro_only("list-resellers") and not catalog.is_pro_only("list-domains")
    create = catalog.program("create-domain")
    assert create is not None and not create.accepts_multiline


def test_specs_are_frozen_hashable_values() -> None:
    first = Catalog.bundled().program("create-alias")
    again = Catalog.bundled().program("create-alias")
    assert first == again and first is not again
    assert len({first, again}) == 1
    with pytest.raises(AttributeError):
        first.name = "other"  # type: ignore[misc, union-attr]


def test_every_kind_of_problem_arrives_typed_with_flag_and_suggestion() -> None:
    catalog = Catalog.bundled()
    found = {
        *catalog.check("list-domain"),
        *catalog.check("list-resellers"),
        *catalog.check("list-domains", name_onyl=True),
        *catalog.check("list-domains", [("name-only", "1"), ("domain", None)]),
        *catalog.check("create-alias", domain=["a.example", "b.example"], from_="x"),
        *catalog.check("list-domains", name_only=True, id_only=True),
    }
    by_kind = {problem.kind: problem for problem in found}

    assert set(by_kind) == set(ProblemKind), "each kind is reachable and known by name"
    unknown_program = by_kind[ProblemKind.UNKNOWN_PROGRAM]
    assert unknown_program.flag is None and unknown_program.suggestion == "list-domains"
    assert "did you mean list-domains?" in str(unknown_program)
    assert "Virtualmin Pro" in by_kind[ProblemKind.PRO_ONLY].message
    unknown_flag = by_kind[ProblemKind.UNKNOWN_FLAG]
    assert (unknown_flag.flag, unknown_flag.suggestion) == ("name-onyl", "name-only")
    assert by_kind[ProblemKind.VALUE_FOR_SWITCH].flag == "name-only"
    assert by_kind[ProblemKind.MISSING_VALUE].flag == "domain"
    assert by_kind[ProblemKind.REPEATED_FLAG].flag == "domain"
    assert by_kind[ProblemKind.MISSING_REQUIRED].flag == "to"
    assert by_kind[ProblemKind.EXCLUSIVE_FLAGS].flag == "id-only"


def test_problem_kinds_are_stable_strings() -> None:
    assert ProblemKind.UNKNOWN_FLAG == "unknown_flag"
    assert str(ProblemKind.MISSING_REQUIRED) == "missing_required"
    assert [kind.value for kind in ProblemKind] == [
        "unknown_program",
        "pro_only",
        "unknown_flag",
        "value_for_switch",
        "missing_value",
        "repeated_flag",
        "missing_required",
        "exclusive_flags",
    ]
    newer = ProblemKind("kind_of_a_newer_core")
    assert isinstance(newer, ProblemKind) and newer == "kind_of_a_newer_core"


def test_a_correct_call_has_no_problems() -> None:
    catalog = Catalog.bundled()
    assert catalog.check("create-alias", domain="a.example", from_="x", to=["y@a", "z@a"]) == []
    assert catalog.wants_multiline("list-domains")
    assert not catalog.wants_multiline("list-domains", name_only=True)
    assert not catalog.wants_multiline("create-domain", domain="a.example")


def test_client_check_lists_problems_and_sends_nothing(fresh: TestServer) -> None:
    client = fresh.client()
    before = len(fresh.requests())

    problems = client.check("list-domains", name_onyl=True)
    assert kinds(problems) == [("unknown_flag", "name-onyl")]
    assert client.check("list-domains") == [], "the multiline it adds is a known flag"
    assert kinds(fresh.client(check_mode="off").check("list-domain")) == [("unknown_program", None)]
    with pytest.raises(virtualmin_remote.UsageError) as caught:
        client.check("list-domains", domain=1.5)
    assert caught.value.flag == "domain"
    assert len(fresh.requests()) == before


def test_strict_mode_names_the_first_problem_and_lists_all(fresh: TestServer) -> None:
    before = len(fresh.requests())
    with pytest.raises(virtualmin_remote.UsageError) as caught:
        fresh.client(check_mode="strict").call("list-domains", name_onyl=True, id_onyl=True)

    assert caught.value.flag == "name-onyl"
    assert "--name-onyl" in caught.value.message and "--id-onyl" in caught.value.message
    assert len(fresh.requests()) == before


def test_a_client_checks_against_the_catalog_it_is_given(
    server: TestServer, caplog: pytest.LogCaptureFixture
) -> None:
    tiny = Catalog.from_json(TINY_CATALOG)
    assert tiny.source == "tiny test catalog" and len(tiny) == 1
    assert tiny != Catalog.bundled() and tiny == Catalog.from_json(TINY_CATALOG)

    client = server.client(catalog=tiny, check_mode="strict")
    assert client.catalog == tiny
    assert server.client().catalog == Catalog.bundled()
    assert client.call("list-domains", name_only=True).names
    with pytest.raises(virtualmin_remote.UsageError) as caught:
        client.call("list-users", domain="example.com")
    assert caught.value.flag == "program"

    warning = server.client(catalog=tiny).check("list-users")
    assert kinds(warning) == [("unknown_program", None)]
    server.client(catalog=tiny).preview("list-users")
    assert any(
        record.levelno == logging.WARNING and "tiny test catalog" in record.getMessage()
        for record in caplog.records
    )


@pytest.mark.parametrize("text", ["not json", "{}", '{"programs": [{"flags": []}]}'])
def test_a_catalog_that_is_not_one_is_a_usage_error(text: str) -> None:
    with pytest.raises(virtualmin_remote.UsageError):
        Catalog.from_json(text)


def test_live_catalog_is_read_from_the_server_once_and_checks_calls(fresh: TestServer) -> None:
    client = fresh.client()
    listed = client.call("list-commands", name_only=True).names

    live = client.live_catalog()
    sent = len(fresh.requests())
    assert live.source == f"live: {fresh.url}"
    assert sorted(p.name for p in live.programs()) == sorted(listed)
    aliases = live.program("create-alias")
    assert aliases is not None and aliases.flag("to") is not None
    assert client.live_catalog() == live and len(fresh.requests()) == sent, "kept, not re-read"
    assert client.catalog == Catalog.bundled(), "reading it does not replace the client's"

    strict = fresh.client(catalog=live, check_mode="strict")
    assert strict.call("list-domains", name_only=True).names
    with pytest.raises(virtualmin_remote.UsageError):
        strict.call("list-domains", name_onyl=True)


def test_live_catalog_releases_the_gil_and_raises_what_its_calls_raise(
    knobs: TestServer,
) -> None:
    knobs.knobs(delay_ms=60)  # over a second in all: 159 get-command, 8 at a time
    with PauseWatch() as watch:
        started = time.monotonic()
        live = knobs.client().live_catalog()
        took = time.monotonic() - started

    assert len(live) > 100 and took > 1.0
    assert watch.longest < 0.5, "another Python thread ran while the catalog was read"

    with pytest.raises(virtualmin_remote.RefusedError):
        knobs.client("vmlimited").live_catalog()


def test_async_client_checks_and_reads_the_live_catalog(server: TestServer) -> None:
    async def main() -> Catalog:
        client = virtualmin_remote.AsyncClient(
            server.url, "root", server.password, fingerprint=server.fingerprint
        )
        assert client.catalog == Catalog.bundled()
        assert kinds(client.check("list-domains", name_onyl=True)) == [
            ("unknown_flag", "name-onyl")
        ]
        live = await client.live_catalog()
        strict = virtualmin_remote.AsyncClient(
            server.url,
            "root",
            server.password,
            fingerprint=server.fingerprint,
            catalog=live,
            check_mode="strict",
        )
        assert strict.catalog == live
        with pytest.raises(virtualmin_remote.UsageError):
            await strict.call("list-domains", name_onyl=True)
        return live

    assert asyncio.run(main()).source.startswith("live: ")
