// virtualmin-remote for Node.js: `Client`, `Catalog` and `Fleet` over the native addon.
//
// The addon (Rust, napi-rs) does the work: it reads options and flags, runs each call off the
// event loop, and builds results and errors. The classes in lib/ add what is JavaScript's
// business: waiting that an AbortSignal can stop, promises per server, process warnings, and
// inspect/JSON views that hold no secret.
'use strict'

const native = require('./lib/native')
const { Catalog } = require('./lib/catalog')
const { Client } = require('./lib/client')
const { ERROR_CODES, isVirtualminError } = require('./lib/errors')
const { Fleet } = require('./lib/fleet')

/**
 * Connects to `url` and resolves with the SHA-256 fingerprint of its certificate (`AA:BB:..`),
 * for pinning on first use. Sends no credential.
 *
 * @param {string} url
 * @param {{timeoutMs?: number}} [options]
 * @returns {Promise<string>}
 */
function fingerprint(url, options) {
  try {
    return native.fingerprint(url, options)
  } catch (err) {
    return Promise.reject(err)
  }
}

module.exports = { Client, Catalog, Fleet, fingerprint, isVirtualminError, ERROR_CODES }
