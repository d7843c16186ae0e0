// Process warnings, the way Node warns about its own deprecations: once each, through
// `process.emitWarning`, so that `--no-warnings` silences them and a 'warning' listener sees
// them. The library logs nothing else.
'use strict'

const warned = new Set()

/** Emits a `SecurityWarning` once per code. */
function warnOnce(code, message) {
  if (!warned.has(code)) {
    warned.add(code)
    process.emitWarning(message, { type: 'SecurityWarning', code })
  }
}

// NB: a program that builds flag names at run time could make endless distinct messages; past
// this many the rest are dropped rather than kept forever.
const MAX_CATALOG_WARNINGS = 1000
const catalogWarned = new Set()

/**
 * Emits one `CatalogWarning` (code `VMR_CATALOG`) per distinct problem that the check mode
 * `warn` found in a call about to be sent.
 *
 * @param {string[]} messages
 */
function warnProblems(messages) {
  for (const message of messages) {
    if (!catalogWarned.has(message) && catalogWarned.size < MAX_CATALOG_WARNINGS) {
      catalogWarned.add(message)
      process.emitWarning(`virtualmin-remote: ${message} (sent anyway)`, {
        type: 'CatalogWarning',
        code: 'VMR_CATALOG',
      })
    }
  }
}

module.exports = { warnOnce, warnProblems }
