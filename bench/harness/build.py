"""Builds what the benchmarks run, in release mode and in target dirs of the harness's own
(target/bench, target/bench-python), so that the bindings' developers' builds are left alone.

Every build is attempted; one that fails makes its rows "not available: <why>" instead of
failing the run. Only the test server and the Rust bench binary are needed for anything at all.
"""

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "target" / "bench"
RELEASE = TARGET / "release"
PYTHON_TARGET = ROOT / "target" / "bench-python"
CLIENTS = ROOT / "bench" / "clients"

# NB: always built together in one cargo command, so that features unify the same way every
# time and a second run reuses the first one's build.
CRATES = {
    "bench": "virtualmin-remote-bench",
    "testserver": "virtualmin-remote-testserver",
    "cli": "virtualmin-remote-cli",
    "c": "virtualmin-remote-c",
    "node": "virtualmin-remote-node",
}


@dataclass
class Tools:
    """Paths of what was built, and why each missing piece is missing."""

    bench: Path = RELEASE / "virtualmin-remote-bench"
    testserver: Path = RELEASE / "virtualmin-remote-testserver"
    cli: Path = RELEASE / "virtualmin-remote"
    libc: Path = RELEASE / "libvirtualmin_remote.so"
    c_bench: Path = TARGET / "c_bench"
    node_pkg: Path = TARGET / "node-pkg"
    ffi_header: Path = ROOT / "bindings-c" / "include" / "virtualmin_remote_ffi.h"
    php_src: Path = ROOT / "bindings-c" / "php" / "src"
    python: str = sys.executable
    missing: dict = field(default_factory=dict)

    def why_not(self, *needs):
        """The reason the first of `needs` is not available, or None if all are."""
        for need in needs:
            if need in self.missing:
                return self.missing[need]
        return None


def step(text):
    print(f"==> {text}", file=sys.stderr, flush=True)


def _run(cmd, env=None, cwd=ROOT):
    """Runs a build command; returns None, or the last lines of its output when it fails."""
    done = subprocess.run(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    if done.returncode == 0:
        return None
    lines = [l for l in done.stdout.splitlines() if l.strip()]
    errors = [l for l in lines if l.startswith("error")] or lines
    return (errors[0] if errors else f"exit {done.returncode}")[:200]


def _cargo(crates):
    env = dict(os.environ, CARGO_TARGET_DIR=str(TARGET))
    cmd = ["cargo", "build", "--release", "--locked"]
    for crate in crates:
        cmd += ["-p", CRATES[crate]]
    return _run(cmd, env)


def _build_rust(tools):
    step("cargo build --release (target/bench): bench, test server, CLI, C library, Node addon")
    if _cargo(CRATES) is None:
        return
    # Something failed: find out what, one crate at a time.
    for crate in CRATES:
        why = _cargo([crate])
        if why is not None:
            tools.missing[crate] = f"build failed: {why}"
    for needed in ("bench", "testserver"):
        if needed in tools.missing:
            raise SystemExit(f"cannot benchmark without {CRATES[needed]}: {tools.missing[needed]}")


def _node_package(tools):
    """The Node package as it ships, with the addon of this build, in a directory of its own."""
    if shutil.which("node") is None:
        tools.missing["node"] = "node is not installed"
        return
    if "node" in tools.missing:
        return
    source = ROOT / "bindings-node"
    pkg = tools.node_pkg
    if pkg.exists():
        shutil.rmtree(pkg)
    pkg.mkdir(parents=True)
    for name in ("index.js", "index.mjs", "package.json"):
        if (source / name).exists():
            shutil.copy2(source / name, pkg / name)
    if (source / "lib").is_dir():
        shutil.copytree(source / "lib", pkg / "lib")
    addon = pkg / "virtualmin-remote.linux-x64-gnu.node"
    shutil.copy2(RELEASE / "libvirtualmin_remote_node.so", addon)


def _tree_digest(*paths):
    """A digest of the sources under `paths`, to tell whether an installed build is current."""
    digest = hashlib.sha256()
    skip = {".venv", "target", "__pycache__", "node_modules", ".pytest_cache", ".mypy_cache"}
    for top in paths:
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if d not in skip)
            for name in sorted(filenames):
                path = Path(dirpath) / name
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _python_package(tools):
    """pip install ./bindings-python into this venv (release build), unless already current."""
    stamp = PYTHON_TARGET / "installed.stamp"
    want = _tree_digest(ROOT / "bindings-python", ROOT / "core" / "src", ROOT / "Cargo.lock")
    if stamp.exists() and stamp.read_text() == want:
        step("Python package: installed build is current")
        return
    step("pip install ./bindings-python (release, target/bench-python)")
    env = dict(os.environ, CARGO_TARGET_DIR=str(PYTHON_TARGET))
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    why = _run(
        [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check",
         "--no-build-isolation", "--force-reinstall", "--no-deps", "./bindings-python"],
        env,
    )
    if why is not None:
        tools.missing["python"] = f"build failed: {why}"
        return
    PYTHON_TARGET.mkdir(parents=True, exist_ok=True)
    stamp.write_text(want)


def _c_bench(tools):
    if "c" in tools.missing:
        return
    if shutil.which("cc") is None:
        tools.missing["c"] = "no C compiler (cc)"
        return
    step("cc -O2 bench/clients/c_bench.c")
    why = _run(
        ["cc", "-O2", "-std=c11", "-Wall", "-o", str(tools.c_bench), str(CLIENTS / "c_bench.c"),
         "-I", str(ROOT / "bindings-c" / "include"), "-L", str(RELEASE), "-lvirtualmin_remote",
         f"-Wl,-rpath,{RELEASE}", "-lpthread"]
    )
    if why is not None:
        tools.missing["c"] = f"c_bench does not compile: {why}"


def _php(tools):
    if shutil.which("php") is None:
        tools.missing["php"] = "php is not installed"
        return
    modules = subprocess.run(["php", "-m"], capture_output=True, text=True).stdout.lower()
    if "ffi" not in modules.split():
        tools.missing["php-ffi"] = "PHP has no FFI extension"
    if "curl" not in modules.split():
        tools.missing["php-curl"] = "PHP has no curl extension (php-curl)"
    if "c" in tools.missing:
        tools.missing.setdefault("php-ffi", "the C library did not build")
    if not (tools.php_src / "Client.php").exists():
        tools.missing["php-package"] = "bindings-c/php/src/Client.php is not there"


def build_all():
    """Builds everything it can; the returned Tools say what is missing and why."""
    tools = Tools()
    _build_rust(tools)
    _node_package(tools)
    _python_package(tools)
    _c_bench(tools)
    _php(tools)
    for tool in ("wget", "curl"):
        if shutil.which(tool) is None:
            tools.missing[tool] = f"{tool} is not installed"
    return tools
