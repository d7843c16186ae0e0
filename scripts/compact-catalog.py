#!/usr/bin/env python3
"""Writes the catalog the core embeds from the recorded programs.json.

Keeps what checking a call needs (names, categories, flags and their attributes, exclusive
groups, aliases, Pro-only names), adds each program's one-line description from a recorded
list-commands reply, and drops the recording's diagnostics.

    scripts/compact-catalog.py tests/fixtures/virtualmin/programs.json \
        tests/fixtures/virtualmin/list-commands.json-multiline.http core/catalog/programs.json
"""
import json
import sys

source, commands, target = sys.argv[1], sys.argv[2], sys.argv[3]
full = json.load(open(source, encoding="utf-8"))

# The recorded reply is raw HTTP: the JSON body follows the first blank line.
reply = open(commands, encoding="utf-8", newline="").read()
body = reply.split("\r\n\r\n", 1)[1]
descriptions = {
    record["name"]: record["values"].get("description", [None])[0]
    for record in json.loads(body)["data"]
}

FLAG_KEYS = ("name", "takes_value", "required", "repeatable")
programs = []
for program in full["programs"]:
    programs.append({
        "name": program["name"],
        "category": program.get("category"),
        "description": descriptions.get(program["name"]),
        "pro_only": bool(program.get("pro_only")),
        "flags": [{k: flag[k] for k in FLAG_KEYS} for flag in program.get("flags", [])],
        "exclusive_groups": program.get("exclusive_groups", []),
    })

compact = {
    "source": "Virtualmin GPL %s (git %s), Webmin %s: list-commands and get-command of a live "
              "server, alternatives from each program's --help" % (
                  full["virtualmin_version"], full["virtualmin_git_commit"][:12],
                  full["webmin_version"]),
    "virtualmin_version": full["virtualmin_version"],
    "programs": programs,
    "symlink_aliases": full.get("symlink_aliases", {}),
    "pro_only_commands": full.get("pro_only_commands", []),
}
with open(target, "w", encoding="utf-8") as out:
    json.dump(compact, out, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    out.write("\n")
