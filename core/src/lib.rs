//! A client for Virtualmin's remote API, `remote.cgi`, that gets the protocol right.
//!
//! ```no_run
//! use virtualmin_remote::{Call, Client, Tls};
//!
//! let client = Client::builder("https://vm.example.net:10000")
//!     .credentials("root", "s3cret")
//!     .tls(Tls::pinned("9F:86:D0:81:88:4C:7D:65:9A:2F:EA:A0:C5:5A:D0:15:A3:BF:4F:1B:2B:0B:82:2C:D1:5D:6C:15:B0:F0:0A:08")?)
//!     .build()?;
//!
//! let domains = client.run(&Call::new("list-domains").flag("multiline"))?;
//! for record in domains.records() {
//!     println!("{} -> {}", record.name(), record.get("home_directory").unwrap_or("?"));
//! }
//! # Ok::<(), virtualmin_remote::Error>(())
//! ```
//!
//! Every parameter goes in a POST body (so no password or flag value lands in a server's access
//! log), bare flags are sent as `name=`, repeated flags in order, and each of the four reply
//! formats (JSON, plain text, XML, Perl) decodes to the same [`Response`]. A program that fails
//! is an [`Error`] of kind [`ErrorKind::ProgramFailed`], never a success to grep.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod call;
pub mod catalog;
mod client;
pub mod decode;
mod error;
mod fleet;
mod response;
mod secret;
mod tls;

pub use call::{Call, Format, RESERVED_NAMES};
pub use catalog::{Catalog, CheckMode, Problem, ProblemKind};
pub use client::{Client, ClientBuilder, Method, Preview};
pub use decode::{decode_reply, RawReply};
pub use error::{Error, ErrorKind};
pub use fleet::{Fleet, ServerResult, DEFAULT_MAX_IN_FLIGHT};
pub use response::{Record, Response};
pub use secret::Secret;
pub use tls::{fetch_fingerprint, Fingerprint, Tls};
