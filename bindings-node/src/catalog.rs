//! The catalog of programs and flags as JavaScript sees it: the native class `NativeCatalog`
//! (which the JS `Catalog` wraps), plain objects for programs, flags, groups of alternatives and
//! problems, and the task that reads a live server's catalog off the event loop.
//!
//! A catalog is immutable and shared (`Arc`): the same one can check calls and be handed to any
//! number of clients without a copy.

use std::sync::{Arc, OnceLock};

use napi::bindgen_prelude::Unknown;
use napi::{Env, ScopedTask};
use napi_derive::napi;
use virtualmin_remote::catalog::ProgramSpec as CoreProgramSpec;
use virtualmin_remote::{Catalog, Client, Problem as CoreProblem};

use crate::client::make_call;
use crate::errors::{Failure, IntoNapi};
use crate::flags::optional_string;

/// Programs and flags of one Virtualmin version (the native half of `Catalog`).
#[napi(js_name = "NativeCatalog")]
pub struct JsCatalog {
    pub(crate) inner: Arc<Catalog>,
}

/// The bundled catalog, parsed once and shared by every `Catalog.bundled()`.
fn bundled() -> &'static Arc<Catalog> {
    static BUNDLED: OnceLock<Arc<Catalog>> = OnceLock::new();
    BUNDLED.get_or_init(|| Arc::new(Catalog::bundled().clone()))
}

#[napi]
impl JsCatalog {
    /// The catalog of Virtualmin GPL 8.1 that ships with the library.
    #[napi(factory)]
    pub fn bundled() -> JsCatalog {
        JsCatalog {
            inner: bundled().clone(),
        }
    }

    /// Reads a catalog in the format of the bundled one (`programs.json`).
    ///
    /// @throws an `Error` with `code` `VMR_USAGE` when the text is not such a catalog.
    #[napi(factory, ts_args_type = "text: string")]
    pub fn from_json(env: Env, text: Unknown) -> napi::Result<JsCatalog> {
        let text =
            string_arg(text, "Catalog.fromJson() takes the catalog's JSON text").or_throw(&env)?;
        let catalog = Catalog::from_json(&text).or_throw(&env)?;
        Ok(JsCatalog {
            inner: Arc::new(catalog),
        })
    }

    /// Where the catalog came from: a Virtualmin version, or `live: https://host:port`.
    #[napi(getter)]
    pub fn source(&self) -> String {
        self.inner.source().to_owned()
    }

    /// Every program, sorted by name.
    #[napi]
    pub fn programs(&self) -> Vec<ProgramSpec> {
        self.inner.programs().map(ProgramSpec::from).collect()
    }

    /// The program of that name (also under its alternative names, `license-info` for
    /// `licence-info`), or `null`.
    #[napi(ts_args_type = "name: string")]
    pub fn program(&self, env: Env, name: Unknown) -> napi::Result<Option<ProgramSpec>> {
        let name = string_arg(name, "program() takes a program name").or_throw(&env)?;
        Ok(self.inner.program(&name).map(ProgramSpec::from))
    }

    /// True when the name is a Virtualmin Pro program that this (GPL) catalog lacks.
    #[napi(ts_args_type = "name: string")]
    pub fn is_pro_only(&self, env: Env, name: Unknown) -> napi::Result<bool> {
        let name = string_arg(name, "isProOnly() takes a program name").or_throw(&env)?;
        Ok(self.inner.is_pro_only(&name))
    }

    /// Every mistake this catalog sees in the call, in the order of its flags. The call is
    /// checked exactly as given (no `multiline` is added: that is the client's doing).
    ///
    /// @throws an `Error` with `code` `VMR_USAGE` for flags that cannot be read (an object as
    /// a value, ...).
    #[napi(ts_args_type = "program: string, flags?: unknown")]
    pub fn check(
        &self,
        env: Env,
        program: Unknown,
        flags: Option<Unknown>,
    ) -> napi::Result<Vec<Problem>> {
        let call = make_call(program, flags, None).or_throw(&env)?;
        Ok(problems_to_js(self.inner.check(&call)))
    }

    /// True when a client would add a bare `multiline` to this call: the program takes it and
    /// the call chose no listing mode of its own.
    ///
    /// @throws an `Error` with `code` `VMR_USAGE` for flags that cannot be read.
    #[napi(ts_args_type = "program: string, flags?: unknown")]
    pub fn wants_multiline(
        &self,
        env: Env,
        program: Unknown,
        flags: Option<Unknown>,
    ) -> napi::Result<bool> {
        let call = make_call(program, flags, None).or_throw(&env)?;
        Ok(self.inner.wants_multiline(&call))
    }
}

/// One flag of a program.
#[napi(object)]
pub struct FlagSpec {
    /// The name without `--`.
    pub name: String,
    /// True when the flag is followed by a value; false for a switch (`true` in JS flags).
    pub takes_value: bool,
    /// True when the usage text shows it outside brackets.
    pub required: bool,
    /// True when it may be given more than once (an array in JS flags).
    pub repeatable: bool,
}

/// Flags written `a | b` in a usage text: at most one alternative may be given, exactly one
/// when the group is required.
#[napi(object)]
pub struct ExclusiveGroup {
    /// Each alternative is one or more flags that go together.
    pub alternatives: Vec<Vec<String>>,
    /// True when one alternative must be given.
    pub required: bool,
}

/// One API program.
#[napi(object, use_nullable = true)]
pub struct ProgramSpec {
    /// The program's name (`create-domain`).
    pub name: String,
    /// list-commands' section heading (`Virtual servers`), or `null`.
    pub category: Option<String>,
    /// One line saying what it does, or `null`.
    pub description: Option<String>,
    /// Its flags, in usage order.
    pub flags: Vec<FlagSpec>,
    /// Its groups of alternatives.
    pub groups: Vec<ExclusiveGroup>,
}

impl From<&CoreProgramSpec> for ProgramSpec {
    fn from(spec: &CoreProgramSpec) -> ProgramSpec {
        ProgramSpec {
            name: spec.name.clone(),
            category: spec.category.clone(),
            description: spec.description.clone(),
            flags: spec
                .flags
                .iter()
                .map(|flag| FlagSpec {
                    name: flag.name.clone(),
                    takes_value: flag.takes_value,
                    required: flag.required,
                    repeatable: flag.repeatable,
                })
                .collect(),
            groups: spec
                .groups
                .iter()
                .map(|group| ExclusiveGroup {
                    alternatives: group.alternatives.clone(),
                    required: group.required,
                })
                .collect(),
        }
    }
}

/// One mistake in a call, with what was probably meant.
#[napi(object, use_nullable = true)]
pub struct Problem {
    /// What kind of mistake: `unknown_program`, `pro_only`, `unknown_flag`,
    /// `value_for_switch`, `missing_value`, `repeated_flag`, `missing_required`,
    /// `exclusive_flags`.
    pub kind: String,
    /// The flag concerned, or `null` for the program itself.
    pub flag: Option<String>,
    /// The name that was probably meant (for unknown names), or `null`.
    pub suggestion: Option<String>,
    /// A sentence for people.
    pub message: String,
}

pub(crate) fn problems_to_js(problems: Vec<CoreProblem>) -> Vec<Problem> {
    problems
        .into_iter()
        .map(|problem| Problem {
            kind: problem.kind.name().to_owned(),
            flag: problem.flag,
            suggestion: problem.suggestion,
            message: problem.message,
        })
        .collect()
}

/// A string argument, or a usage error saying what was expected.
pub(crate) fn string_arg(value: Unknown, expected: &str) -> Result<String, Failure> {
    optional_string(Some(value))
        .ok()
        .flatten()
        .ok_or_else(|| Failure::usage(expected))
}

/// `client.liveCatalog()`: `list-commands` and one `get-command` per program (eight at a time,
/// on threads of the core's own), run from one worker thread of libuv's pool.
pub struct LiveCatalogTask {
    pub(crate) client: Client,
}

#[napi]
impl<'task> ScopedTask<'task> for LiveCatalogTask {
    type Output = Result<Arc<Catalog>, Failure>;
    type JsValue = JsCatalog;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(self.client.live_catalog().map_err(Failure::from))
    }

    fn resolve(&mut self, env: &'task Env, output: Self::Output) -> napi::Result<JsCatalog> {
        match output {
            Ok(inner) => Ok(JsCatalog { inner }),
            Err(failure) => Err(failure.into_napi(env)),
        }
    }
}
