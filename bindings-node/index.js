// virtualmin-remote for Node.js: the `Client` class over the native addon.
//
// The addon (Rust, napi-rs) does the work: it reads options and flags, runs each call on
// libuv's thread pool, and builds results and errors. This file loads it and adds what is
// JavaScript's business: the public class, waiting that an AbortSignal can stop, and an
// inspect/JSON view of the client that holds no secret.
'use strict'

const { inspect } = require('node:util')

const native = loadNative()

/** Every `err.code` this library uses, by kind name (`Usage` → `VMR_USAGE`), frozen. */
const ERROR_CODES = Object.freeze(
  Object.fromEntries(native.errorCodes().map(({ kind, code }) => [kind, code]))
)

/**
 * A connection to one Virtualmin server's remote API. See index.d.ts for the options.
 *
 * The password lives in the native client only: no property of this object holds it, and
 * `util.inspect` / `JSON.stringify` show `password: '***'`.
 */
class Client {
  /** @type {InstanceType<typeof native.NativeClient>} */
  #native

  /**
   * @param {import('./index').ClientOptions} options
   * @throws {Error} `code` `VMR_USAGE` for a bad option, `VMR_TLS` when TLS cannot be set up.
   */
  constructor(options) {
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

  /**
   * Runs `program` with `flags` and resolves with the decoded result.
   *
   * @param {string} program
   * @param {import('./index').Flags} [flags]
   * @param {import('./index').CallOptions} [options]
   * @returns {Promise<import('./index').CallResult>}
   */
  call(program, flags, options) {
    const { signal, format } = options ?? {}
    if (signal == null) {
      return this.#native.call(program, flags, format)
    }
    if (!(signal instanceof AbortSignal)) {
      return Promise.reject(usageError('the signal option must be an AbortSignal'))
    }
    if (signal.aborted) {
      return Promise.reject(abortError(signal))
    }
    // NB: napi's AbortSignal support sets `onabort` on the signal it is given and can only
    // cancel a call that has not started, so it gets a private signal of ours, and the wait for
    // a call already running is cut short here. That call runs on until it ends or times out
    // (the core's I/O is blocking); its result is dropped.
    const controller = new AbortController()
    const running = this.#native.call(program, flags, format, controller.signal)
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        controller.abort()
        reject(abortError(signal))
      }
      signal.addEventListener('abort', onAbort, { once: true })
      running.then(
        (result) => {
          signal.removeEventListener('abort', onAbort)
          resolve(result)
        },
        (err) => {
          signal.removeEventListener('abort', onAbort)
          reject(err)
        }
      )
    })
  }

  /**
   * The request `call` would send, with the password and secret values as `***`. Sends nothing.
   *
   * @param {string} program
   * @param {import('./index').Flags} [flags]
   * @param {{format?: import('./index').Format}} [options]
   * @returns {import('./index').Preview}
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

/**
 * True when `err` is an error of this library (its `code` is one of {@link ERROR_CODES}).
 *
 * @param {unknown} err
 * @returns {boolean}
 */
function isVirtualminError(err) {
  return err instanceof Error && Object.values(ERROR_CODES).includes(/** @type {any} */ (err).code)
}

const warned = new Set()

/** Emits a process warning once per code, as Node does for its own deprecations. */
function warnOnce(code, message) {
  if (!warned.has(code)) {
    warned.add(code)
    process.emitWarning(message, { type: 'SecurityWarning', code })
  }
}

/**
 * A usage error found here rather than in the addon, shaped like the addon's (which builds
 * every other error of the table).
 */
function usageError(message) {
  return Object.assign(new Error(`Usage error: ${message}`), { code: 'VMR_USAGE', kind: 'Usage' })
}

/** The rejection of an aborted call: named and coded like Node's own `AbortError`. */
function abortError(signal) {
  const err = new Error('The operation was aborted', { cause: signal.reason })
  err.name = 'AbortError'
  err.code = 'ABORT_ERR'
  return err
}

/** Loads the addon built for this platform (`virtualmin-remote.<platform>-<arch>[-abi].node`). */
function loadNative() {
  const { platform, arch } = process
  const abis = { linux: ['-gnu', '-musl'], win32: ['-msvc'] }[platform] ?? ['']
  const errors = []
  for (const abi of abis) {
    const file = `./virtualmin-remote.${platform}-${arch}${abi}.node`
    try {
      return require(file)
    } catch (err) {
      errors.push(err)
    }
  }
  throw new Error(
    `virtualmin-remote: no native addon for ${platform}-${arch} could be loaded ` +
      '(build it with `npm run build`)',
    { cause: errors.length === 1 ? errors[0] : new AggregateError(errors) }
  )
}

module.exports = { Client, fingerprint, isVirtualminError, ERROR_CODES }
