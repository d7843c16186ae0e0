// Records what a run of the whole suite shows, for the secret scan that runs after it
// (test/scan/secrets.scan.js): every error the package throws or rejects with (message, stack,
// inspect, JSON and every string property), the inspect and JSON views of every client and
// fleet made, every process warning, and every byte written to stdout and stderr.
//
// test/run.sh preloads it into every Node process of the run (NODE_OPTIONS=--require, so the
// examples and scripts the tests start are covered too) with VMR_COLLECT_DIR set; each process
// appends JSON lines to a file of its own there, synchronously, so nothing is lost at exit.
// The package is instrumented as it is loaded, whichever copy (the packed one included).
'use strict'

const fs = require('node:fs')
const Module = require('node:module')
const path = require('node:path')
const util = require('node:util')

const DIR = process.env.VMR_COLLECT_DIR
// NB: the runner of `node --test` only relays what its test processes (which run this too)
// print; recording it as well would only double the log.
const ACTIVE = Boolean(DIR) && !process.execArgv.includes('--test')
const FILE = ACTIVE ? path.join(DIR, `${process.pid}.jsonl`) : null
const DEEP = { showHidden: true, depth: Infinity, getters: true }

/** Appends one record: `kind` says what it is, `text` is searched for secrets. */
function record(kind, text) {
  if (ACTIVE) {
    const line = JSON.stringify({ pid: process.pid, kind, text: String(text) })
    fs.appendFileSync(FILE, `${line}\n`)
  }
}

/** A password in use in this run (a test server's, a client's), for the scan to look for. */
function secret(password) {
  if (typeof password === 'string' && password.length > 0) record('secret', password)
}

/** Every text an error offers: the ways a program could print or log it. */
function recordError(err) {
  if (!(err instanceof Error)) return
  const views = [err.message, err.stack, String(err), util.inspect(err, DEEP), safeJson(err)]
  for (const name of Object.getOwnPropertyNames(err)) {
    if (typeof err[name] === 'string') views.push(`${name}: ${err[name]}`)
  }
  record(`error ${err.code ?? err.name}`, views.join('\n'))
}

/** The views of a client or fleet: what `console.log` and `JSON.stringify` show. */
function recordObject(kind, object) {
  record(kind, [util.inspect(object), util.inspect(object, DEEP), safeJson(object)].join('\n'))
}

function safeJson(value) {
  try {
    return JSON.stringify(value) ?? ''
  } catch (err) {
    return `(JSON.stringify threw: ${err.message})`
  }
}

/** Records the errors inside a result (a fleet's `{ok: false, error}` items, promises). */
function scanValue(value, depth = 0) {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
    return
  } else if (value instanceof Error) {
    recordError(value)
  } else if (typeof value.then === 'function') {
    // NB: a side branch, for promises the package already handles (callEach's).
    value.then((result) => scanValue(result, depth + 1), recordError)
  } else if (typeof value === 'object' && depth < 3) {
    for (const item of Object.values(value)) scanValue(item, depth + 1)
  }
}

/** `fn` as it was, but recording what it throws, rejects with, and the errors it returns. */
function watched(fn) {
  return function (...args) {
    let result
    try {
      result = fn.apply(this, args)
    } catch (err) {
      recordError(err)
      throw err
    }
    if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
      // NB: the caller gets this new promise, so a rejection it leaves unhandled still is.
      return result.then(
        (value) => (scanValue(value), value),
        (err) => {
          recordError(err)
          throw err
        }
      )
    }
    scanValue(result)
    return result
  }
}

/** Wraps the methods of a class (static and prototype) and records what its constructor does. */
function watchClass(cls, kind) {
  for (const target of [cls, cls.prototype]) {
    for (const name of Object.getOwnPropertyNames(target)) {
      const descriptor = Object.getOwnPropertyDescriptor(target, name)
      if (name !== 'constructor' && typeof descriptor.value === 'function') {
        Object.defineProperty(target, name, { ...descriptor, value: watched(descriptor.value) })
      }
    }
  }
  return new Proxy(cls, {
    construct(target, args, newTarget) {
      if (kind === 'client') secret(args[0]?.password)
      try {
        const object = Reflect.construct(target, args, newTarget)
        if (kind !== null) recordObject(kind, object)
        return object
      } catch (err) {
        recordError(err)
        throw err
      }
    },
  })
}

const KINDS = { Client: 'client', Fleet: 'fleet', Catalog: null }
const checked = new WeakSet()

/** Replaces the exports of the package's entry point with watched ones, once. */
function instrument(exports) {
  for (const [name, value] of Object.entries(exports)) {
    if (typeof value !== 'function') continue
    exports[name] = name in KINDS ? watchClass(value, KINDS[name]) : watched(value)
  }
}

function isPackageEntry(filename) {
  if (path.basename(filename) !== 'index.js') return false
  try {
    const manifest = path.join(path.dirname(filename), 'package.json')
    return JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'virtualmin-remote'
  } catch {
    return false
  }
}

if (ACTIVE) {
  record('process', process.argv.slice(1).join(' '))

  // NB: Module._load is what `require` (and `import` of a CommonJS file) goes through; the
  // exports are instrumented before the first caller sees them.
  const load = Module._load
  Module._load = function (request, parent, isMain) {
    const exports = load.apply(this, [request, parent, isMain])
    if (exports !== null && typeof exports === 'object' && !checked.has(exports)) {
      checked.add(exports)
      try {
        if (isPackageEntry(Module._resolveFilename(request, parent, isMain))) instrument(exports)
      } catch {
        // A request that resolved for `load` resolves here too; anything else is not ours.
      }
    }
    return exports
  }

  process.on('warning', (warning) => {
    record('warning', [warning.name, warning.code, warning.message, warning.stack].join('\n'))
  })

  for (const stream of ['stdout', 'stderr']) {
    const write = process[stream].write
    process[stream].write = function (chunk, ...rest) {
      const bytes = typeof chunk === 'string' ? null : chunk
      record(stream, bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length) : chunk)
      return write.apply(this, [chunk, ...rest])
    }
  }
}

module.exports = { ACTIVE, record, secret }
