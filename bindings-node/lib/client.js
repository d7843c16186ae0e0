// `Client`: one Virtualmin server's remote API, over the addon's `NativeClient`.
//
// The addon does the work (options, flags, the call on libuv's thread pool, results and
// errors); this class adds what is JavaScript's business: waiting that an AbortSignal can stop,
// the check mode's warnings as process warnings, and an inspect/JSON view that holds no secret.
'use strict'

const { inspect } = require('node:util')

const native = require('./native')
const { wrapCatalog, unwrapCatalog } = require('./catalog')
const { withSignal } = require('./errors')
const { warnOnce, warnProblems } = require('./warnings')

/** @type {(client: Client) => InstanceType<typeof native.NativeClient>} */
let nativeOf

/**
 * A connection to one Virtualmin server's remote API. See index.d.ts for the options.
 *
 * The password lives in the native client only: no property of this object holds it, and
 * `util.inspect` / `JSON.stringify` show `password: '***'`.
 */
class Client {
  /** @type {InstanceType<typeof native.NativeClient>} */
  #native
  /** @type {import('./catalog').Catalog | undefined} */
  #catalog
  /** @type {import('./catalog').Catalog | undefined} */
  #liveCatalog

  static {
    // For Fleet, which hands the native clients to the native fleet.
    nativeOf = (client) => client.#native
  }

  /**
   * @param {import('../index').ClientOptions} options
   * @throws {Error} `code` `VMR_USAGE` for a bad option, `VMR_TLS` when TLS cannot be set up.
   */
  constructor(options) {
    if (options !== null && typeof options === 'object' && options.catalog !== undefined) {
      options = { ...options, catalog: unwrapCatalog(options.catalog) }
    }
    this.#native = new native.NativeClient(options)
    if (options.insecure === true) {
      warnOnce(
        'VMR_INSECURE',
        'virtualmin-remote: TLS certificate checks are OFF (insecure: true): anyone on the ' +
          'network path can impersonate the server and read the password; pin its ' +
          'fingerprint instead'
      )
    }
    if (this.url.startsWith('http:')) {
      warnOnce(
        'VMR_PLAIN_HTTP',
        'virtualmin-remote: plain http:// sends the password and every reply unencrypted'
      )
    }
  }

  /** The API's URL (`https://host:10000/virtual-server/remote.cgi`). */
  get url() {
    return this.#native.url
  }

  /** The user name sent, or `null` without credentials. */
  get user() {
    return this.#native.user
  }

  /** The catalog this client checks calls against (the bundled one unless given another). */
  get catalog() {
    this.#catalog ??= wrapCatalog(this.#native.catalog)
    return this.#catalog
  }

  /**
   * Runs `program` with `flags` and resolves with the decoded result.
   *
   * @param {string} program
   * @param {import('../index').Flags} [flags]
   * @param {import('../index').CallOptions} [options]
   * @returns {Promise<import('../index').CallResult>}
   */
  call(program, flags, options) {
    const { signal, format } = options ?? {}
    warnProblems(this.#native.warnings(program, flags))
    return withSignal((ours) => this.#native.call(program, flags, format, ours), signal)
  }

  /**
   * The mistakes this client's catalog finds in the call as it would be sent (with
   * `multiline` added where the client adds it), whatever the check mode. Sends nothing.
   *
   * @param {string} program
   * @param {import('../index').Flags} [flags]
   * @returns {import('../index').Problem[]}
   * @throws {Error} `code` `VMR_USAGE` for flags that cannot be read.
   */
  check(program, flags) {
    return this.#native.check(program, flags)
  }

  /**
   * Reads the server's own catalog: `list-commands`, then one `get-command` per program, eight
   * at a time, off the event loop. Kept for the life of the client once read.
   *
   * @param {{signal?: AbortSignal}} [options]
   * @returns {Promise<import('./catalog').Catalog>}
   */
  async liveCatalog(options) {
    if (this.#liveCatalog === undefined) {
      const read = await withSignal((ours) => this.#native.liveCatalog(ours), options?.signal)
      this.#liveCatalog ??= wrapCatalog(read)
    }
    return this.#liveCatalog
  }

  /**
   * The request `call` would send, with the password and secret values as `***`. Sends nothing.
   *
   * @param {string} program
   * @param {import('../index').Flags} [flags]
   * @param {{format?: import('../index').Format}} [options]
   * @returns {import('../index').Preview}
   * @throws {Error} `code` `VMR_USAGE` for a bad program name or flag.
   */
  preview(program, flags, options) {
    return this.#native.preview(program, flags, options?.format)
  }

  /** What `JSON.stringify` shows: the server and user, never the password. */
  toJSON() {
    return { url: this.url, user: this.user, password: this.user === null ? null : '***' }
  }

  /** What `util.inspect` and `console.log` show. */
  [inspect.custom](depth, options) {
    if (depth < 0) {
      return options.stylize('[Client]', 'special')
    }
    return `Client ${inspect(this.toJSON(), options)}`
  }
}

/** The native half of a `Client`, for the native fleet. */
function nativeClientOf(client) {
  return nativeOf(client)
}

/** Emits the check mode's warnings for a call about to run on `client`. */
function warnForCall(client, program, flags) {
  warnProblems(nativeOf(client).warnings(program, flags))
}

module.exports = { Client, nativeClientOf, warnForCall }
