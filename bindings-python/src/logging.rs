//! The core's `log` records, handed to Python's `logging` under the logger `virtualmin_remote`.
//!
//! Only records whose target starts with `virtualmin_remote` pass: the core's own (logger names
//! `virtualmin_remote.client` and so on) and this binding's (`virtualmin_remote.python`). The
//! HTTP and TLS crates below the core log raw wire bytes, credentials included, at DEBUG and
//! TRACE, so their records are dropped here, before Python could see them.
//!
//! Python's logger levels are asked on every record rather than cached, so a level set after
//! import (or by pytest's caplog) takes effect at once; the core logs a couple of records per
//! call, which makes that cost invisible next to the network.

use log::LevelFilter;
use pyo3::prelude::*;
use pyo3_log::{Caching, Logger};

/// The log target (a prefix of the core's module paths) whose records reach Python.
const TARGET: &str = "virtualmin_remote";

/// Installs the bridge as the process's `log` logger, once; a second install is a no-op.
pub(crate) fn install(py: Python<'_>) {
    let Ok(logger) = Logger::new(py, Caching::Loggers) else {
        return;
    };
    // NB: the core logs nothing below DEBUG, while ureq calls `trace!` for every few bytes it
    // reads. Capping at DEBUG sets log's global maximum there, so those calls stop at one
    // comparison instead of reaching this logger's target lookup (a third of a large call).
    let _already_installed = logger
        .filter(LevelFilter::Off)
        .filter_target(TARGET.to_owned(), LevelFilter::Debug)
        .install();
}
