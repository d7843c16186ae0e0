// `Fleet`: one call on many servers, at most `maxInFlight` at a time, each server's result kept
// apart. It wraps the core's fleet (through the addon's `NativeFleet`) rather than running
// `Client` calls from JavaScript: the core runs the calls on threads of its own, so a fleet
// needs no larger libuv thread pool and never queues behind the pool's other work, and the
// bound on calls in flight is the core's.
'use strict'

const { inspect } = require('node:util')

const native = require('./native')
const { Client, nativeClientOf, warnForCall } = require('./client')
const { usageError } = require('./errors')

/** The core's default number of calls in flight. */
const DEFAULT_MAX_IN_FLIGHT = 16
/** More threads than this would only cost memory: the servers are the bottleneck. */
const MAX_IN_FLIGHT = 1024

/** Named clients that one call can run on together. */
class Fleet {
  /** @type {InstanceType<typeof native.NativeFleet>} */
  #native
  /** @type {Map<string, Client>} */
  #clients = new Map()
  /** @type {number} */
  #maxInFlight

  /**
   * @param {import('../index').FleetMembers} [members] `{name: client}`, a `Map`, or
   *   `[name, client]` pairs (the order is the order of results).
   * @param {{maxInFlight?: number}} [options]
   * @throws {Error} `code` `VMR_USAGE` for a bad option, a member that is not a `Client`, an
   *   empty or repeated name.
   */
  constructor(members, options) {
    this.#maxInFlight = readMaxInFlight(options)
    this.#native = new native.NativeFleet(this.#maxInFlight)
    for (const [name, client] of memberEntries(members)) {
      this.add(name, client)
    }
  }

  /**
   * Adds a server under a name; results come in the order servers were added.
   *
   * @param {string} name
   * @param {Client} client
   * @returns {this}
   * @throws {Error} `code` `VMR_USAGE` when the name is empty or taken, or `client` is not a
   *   `Client`.
   */
  add(name, client) {
    if (!(client instanceof Client)) {
      throw usageError(`the fleet member ${inspect(name)} must be a Client`)
    }
    this.#native.add(name, nativeClientOf(client))
    this.#clients.set(name, client)
    return this
  }

  /** The servers' names, in the order they were added. */
  get names() {
    return this.#native.names
  }

  /** The number of servers. */
  get size() {
    return this.#clients.size
  }

  /** How many calls run at once at most. */
  get maxInFlight() {
    return this.#maxInFlight
  }

  /** The client of one server, or `undefined`. */
  client(name) {
    return this.#clients.get(name)
  }

  /**
   * Runs the call on every server (or on `options.servers`) and resolves, once all are done,
   * with one result per server in the fleet's order (or the order of `servers`):
   * `{server, ok: true, response, elapsedMs}` or `{server, ok: false, error, elapsedMs}`.
   * It never rejects because a server failed; it rejects with `VMR_USAGE`, before anything is
   * sent, for a server not in the fleet or a call that no server would accept.
   *
   * @param {string} program
   * @param {import('../index').Flags} [flags]
   * @param {import('../index').FleetCallOptions} [options]
   * @returns {Promise<import('../index').ServerResult[]>}
   */
  call(program, flags, options) {
    let started
    try {
      started = this.#start(program, flags, options)
    } catch (err) {
      return Promise.reject(err)
    }
    return Promise.all(started.values())
  }

  /**
   * Runs the call like {@link Fleet.call} and returns at once `{name: Promise<CallResult>}`:
   * each server's promise settles as soon as that server answers, and rejects with its error.
   * A promise nobody waits for never counts as an unhandled rejection.
   *
   * @param {string} program
   * @param {import('../index').Flags} [flags]
   * @param {import('../index').FleetCallOptions} [options]
   * @returns {Record<string, Promise<import('../index').CallResult>>}
   * @throws {Error} `code` `VMR_USAGE`, before anything is sent, as `call` rejects.
   */
  callEach(program, flags, options) {
    const started = this.#start(program, flags, options)
    const each = {}
    for (const [name, settled] of started) {
      const promise = settled.then((result) =>
        result.ok ? result.response : Promise.reject(result.error)
      )
      promise.catch(() => {})
      // NB: defineProperty, so that a server named `__proto__` is a property like any other.
      Object.defineProperty(each, name, { value: promise, enumerable: true })
    }
    return each
  }

  /** Starts the native fleet call; one promise of a settled result per server, in order. */
  #start(program, flags, options) {
    const { servers, format } = readCallOptions(options)
    const names = servers ?? this.names
    const resolvers = new Map()
    const settled = new Map(
      names.map((name) => [name, new Promise((resolve) => resolvers.set(name, resolve))])
    )
    const deliver = (result) => resolvers.get(result.server)?.(result)

    const running = this.#native.run(servers ?? null, program, flags, format, deliver)
    running.then(
      (undelivered) => undelivered.forEach(deliver),
      (error) => names.forEach((server) => deliver({ server, ok: false, error, elapsedMs: 0 }))
    )
    for (const name of names) {
      warnForCall(this.#clients.get(name), program, flags)
    }
    return settled
  }

  /** What `util.inspect` and `console.log` show: the names and the bound, no client detail. */
  [inspect.custom](depth, options) {
    if (depth < 0) {
      return options.stylize('[Fleet]', 'special')
    }
    return `Fleet ${inspect({ servers: this.names, maxInFlight: this.maxInFlight }, options)}`
  }
}

function readMaxInFlight(options) {
  if (options == null) {
    return DEFAULT_MAX_IN_FLIGHT
  }
  if (typeof options !== 'object') {
    throw usageError('new Fleet() takes an options object: {maxInFlight}')
  }
  for (const key of Object.keys(options)) {
    if (key !== 'maxInFlight') {
      throw usageError(`unknown fleet option ${inspect(key)} (known: maxInFlight)`)
    }
  }
  const limit = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_IN_FLIGHT) {
    throw usageError(`maxInFlight must be a whole number from 1 to ${MAX_IN_FLIGHT}`)
  }
  return limit
}

function memberEntries(members) {
  if (members == null) {
    return []
  }
  if (members instanceof Map || Array.isArray(members)) {
    return Array.from(members, (entry) => {
      if (!Array.isArray(entry) || entry.length !== 2) {
        throw usageError('fleet members must be {name: client}, a Map, or [name, client] pairs')
      }
      return entry
    })
  }
  if (typeof members === 'object') {
    return Object.entries(members)
  }
  throw usageError('fleet members must be {name: client}, a Map, or [name, client] pairs')
}

function readCallOptions(options) {
  if (options == null) {
    return {}
  }
  if (typeof options !== 'object') {
    throw usageError('fleet call options must be an object: {servers, format}')
  }
  for (const key of Object.keys(options)) {
    if (key === 'signal') {
      // NB: the core's fleet cannot stop servers it has not reached yet; an abort that only
      // stopped the waiting would let calls go out that the caller believes cancelled.
      throw usageError('a fleet call cannot be aborted: bound each server with its timeoutMs')
    }
    if (key !== 'servers' && key !== 'format') {
      throw usageError(`unknown fleet call option ${inspect(key)} (known: servers, format)`)
    }
  }
  const { servers, format } = options
  if (
    servers != null &&
    (!Array.isArray(servers) || !servers.every((name) => typeof name === 'string'))
  ) {
    throw usageError('the servers option must be an array of server names')
  }
  return { servers: servers ?? undefined, format }
}

module.exports = { Fleet }
