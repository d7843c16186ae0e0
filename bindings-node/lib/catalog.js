// `Catalog`: the API's programs and their flags, to check a call before it is sent. One comes
// bundled (Virtualmin GPL 8.1), one can be read from a file, and a client can read its server's
// own (`client.liveCatalog()`); any of them can be given to a client as its `catalog` option.
'use strict'

const { inspect } = require('node:util')

const native = require('./native')
const { usageError } = require('./errors')

/** Only this module makes catalogs; `new Catalog()` from outside is refused. */
const TOKEN = Symbol('Catalog')

/** @type {(catalog: Catalog) => InstanceType<typeof native.NativeCatalog>} */
let nativeOf
/** @type {InstanceType<typeof native.NativeCatalog> | undefined} */
let bundled

/** Programs and flags of one Virtualmin version. Immutable; share it freely. */
class Catalog {
  /** @type {InstanceType<typeof native.NativeCatalog>} */
  #native

  static {
    nativeOf = (catalog) => catalog.#native
  }

  /** @private Use {@link Catalog.bundled}, {@link Catalog.fromJson} or `client.liveCatalog()`. */
  constructor(token, nativeCatalog) {
    if (token !== TOKEN) {
      throw usageError('use Catalog.bundled(), Catalog.fromJson(text) or client.liveCatalog()')
    }
    this.#native = nativeCatalog
  }

  /** The catalog of Virtualmin GPL 8.1 that ships with the library (the clients' default). */
  static bundled() {
    bundled ??= new Catalog(TOKEN, native.NativeCatalog.bundled())
    return bundled
  }

  /**
   * Reads a catalog in the format of the bundled one (`core/catalog/programs.json`).
   *
   * @param {string} text
   * @throws {Error} `code` `VMR_USAGE` when the text is not such a catalog.
   */
  static fromJson(text) {
    return new Catalog(TOKEN, native.NativeCatalog.fromJson(text))
  }

  /** Where the catalog came from: a Virtualmin version, or `live: https://host:port`. */
  get source() {
    return this.#native.source
  }

  /** Every program, sorted by name (fresh objects each time). */
  programs() {
    return this.#native.programs()
  }

  /** The program of that name (also under its alternative names), or `null`. */
  program(name) {
    return this.#native.program(name)
  }

  /** True when the name is a Virtualmin Pro program that this (GPL) catalog lacks. */
  isProOnly(name) {
    return this.#native.isProOnly(name)
  }

  /**
   * Every mistake this catalog sees in the call, exactly as given. `client.check` checks the
   * call as that client would send it (with `multiline` added where it adds it).
   *
   * @throws {Error} `code` `VMR_USAGE` for flags that cannot be read.
   */
  check(program, flags) {
    return this.#native.check(program, flags)
  }

  /** True when a client adds a bare `multiline` to this call (see `autoMultiline`). */
  wantsMultiline(program, flags) {
    return this.#native.wantsMultiline(program, flags)
  }

  /** What `util.inspect` and `console.log` show: the source and the number of programs. */
  [inspect.custom](depth, options) {
    if (depth < 0) {
      return options.stylize('[Catalog]', 'special')
    }
    const summary = { source: this.source, programs: this.programs().length }
    return `Catalog ${inspect(summary, options)}`
  }
}

/** A `Catalog` around a native one (from a client). */
function wrapCatalog(nativeCatalog) {
  return new Catalog(TOKEN, nativeCatalog)
}

/** The native half of a `Catalog`, or the value unchanged (the addon refuses it). */
function unwrapCatalog(value) {
  return value instanceof Catalog ? nativeOf(value) : value
}

module.exports = { Catalog, wrapCatalog, unwrapCatalog }
