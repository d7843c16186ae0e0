//! The committed headers are what cbindgen makes of the sources today.
//!
//! `include/virtualmin_remote.h` is for C; `include/virtualmin_remote_ffi.h` is the same
//! declarations without a single preprocessor line or C++ guard, because PHP's `FFI::cdef` reads
//! neither. Set `VMR_BLESS_HEADERS=1` to rewrite both after changing the exported API.

use std::path::{Path, PathBuf};

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn generate(flat: bool) -> String {
    let dir = crate_dir();
    let mut config =
        cbindgen::Config::from_file(dir.join("cbindgen.toml")).expect("cbindgen.toml is valid");
    if flat {
        config.include_guard = None;
        config.pragma_once = false;
        config.cpp_compat = false;
        config.sys_includes = Vec::new();
        config.no_includes = true;
        config.header = Some(
            "/*\n * libvirtualmin_remote for PHP FFI: the declarations of virtualmin_remote.h \
             without\n * preprocessor lines (FFI::cdef reads none). C programs include \
             virtualmin_remote.h.\n */"
                .to_owned(),
        );
    }
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_crate(&dir)
        .generate()
        .expect("cbindgen parses the crate");
    let mut out = Vec::new();
    bindings.write(&mut out);
    String::from_utf8(out).expect("the header is UTF-8")
}

/// Compares `generated` with the committed file, or rewrites the file when blessing.
fn check(generated: &str, relative: &str) {
    let path: &Path = &crate_dir().join(relative);
    if std::env::var_os("VMR_BLESS_HEADERS").is_some() {
        std::fs::write(path, generated).expect("the header is writable");
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "{relative} is out of date with the sources: run \
         `VMR_BLESS_HEADERS=1 cargo test -p virtualmin-remote-c --test headers` and commit it"
    );
}

#[test]
fn committed_header_matches_the_sources() {
    check(&generate(false), "include/virtualmin_remote.h");
}

#[test]
fn committed_flat_header_matches_the_sources() {
    check(&generate(true), "include/virtualmin_remote_ffi.h");
}

#[test]
fn flat_header_has_no_preprocessor_line_or_define() {
    let flat = generate(true);
    for line in flat.lines() {
        assert!(
            !line.trim_start().starts_with('#'),
            "preprocessor line: {line}"
        );
    }
    assert!(
        flat.contains("VMR_ERR_PROTOCOL = 305"),
        "constants are enumerators"
    );
    assert!(flat.contains("vmr_client_run("));
}
