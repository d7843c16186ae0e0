// A server that misbehaves (the test server's faults, and a port nothing listens on) makes a
// call reject with the kind its fault is documented to give, as the contract table
// (tests/contract/error_kinds.json) spells it in JavaScript, and within the deadline: no fault
// may hang a call past its timeout, nor make the client send a second request.
'use strict'

const assert = require('node:assert/strict')
const net = require('node:net')
const { performance } = require('node:perf_hooks')
const { after, before, describe, test } = require('node:test')

const { Client, isVirtualminError } = require('..')
const { contract, startServer } = require('./server')

const KINDS = new Map(contract('error_kinds.json').kinds.map((row) => [row.kind, row]))
const TIMEOUT_MS = 3000
const SHORT_TIMEOUT_MS = 1500
const MIB = 1024 * 1024

/**
 * What each fault must give. `fault` is set through the knobs for the next request only
 * (`null`: a closed port instead of the server); `knobs`, `options` and `format` add to the
 * fault and the client; `fields` are properties the error must have.
 */
const FAULTS = [
  { what: 'connection refused (a closed port)', fault: null, kind: 'Connect' },
  { fault: 'close-before-headers', kind: 'Connect' },
  { fault: 'reset-after-headers', kind: 'Protocol' },
  { fault: 'close-mid-body', kind: 'Protocol' },
  // The text format, so that what is cut off is the `Exit status` line.
  { fault: 'truncate', format: 'text', kind: 'Protocol' },
  { fault: 'truncate', format: 'json', kind: 'Protocol' },
  { fault: 'garbage', kind: 'Protocol' },
  { fault: 'html-error', kind: 'Protocol' },
  { fault: 'status-500', kind: 'Http', fields: { httpStatus: 500 } },
  // The redirect points at another loopback host: following it would send the password there.
  { fault: 'redirect', kind: 'Http', fields: { httpStatus: 302 } },
  { fault: 'trickle', options: { timeoutMs: SHORT_TIMEOUT_MS }, kind: 'Timeout' },
  { fault: 'stall', options: { timeoutMs: SHORT_TIMEOUT_MS }, kind: 'Timeout' },
  {
    what: 'huge (an 8 MiB reply, maxReplyBytes 1 MiB)',
    fault: 'huge',
    knobs: { huge_mb: 8 },
    options: { maxReplyBytes: MIB },
    kind: 'Protocol',
  },
]

/** A port nothing listens on: bound, then closed again. */
async function closedPort() {
  const listener = net.createServer()
  await new Promise((resolve) => listener.listen(0, '127.0.0.1', resolve))
  const { port } = listener.address()
  await new Promise((resolve) => listener.close(resolve))
  return port
}

let server
before(async () => {
  server = await startServer(['--seed'])
})
after(() => server.stop())

test('every fault expects a kind of the contract table', () => {
  for (const { fault, kind } of FAULTS) {
    assert.ok(KINDS.has(kind), `${fault}: ${kind} is not in error_kinds.json`)
  }
})

describe('each fault rejects with its kind, within twice the timeout', () => {
  for (const { what, fault, kind, format, knobs = {}, options = {}, fields = {} } of FAULTS) {
    const timeoutMs = options.timeoutMs ?? TIMEOUT_MS
    const name = what ?? (format ? `${fault} (${format})` : fault)
    test(`${name} → ${kind} (${KINDS.get(kind).js_code})`, async () => {
      await server.reset()
      let url = server.url
      if (fault === null) {
        url = `https://127.0.0.1:${await closedPort()}`
      } else {
        await server.knobs({ fault, fault_count: 1, ...knobs })
      }
      const client = new Client({
        url,
        password: server.password,
        fingerprint: server.fingerprint,
        timeoutMs: TIMEOUT_MS,
        ...options,
      })

      const started = performance.now()
      const err = await client.call('list-domains', {}, { format }).then(
        (result) => assert.fail(`resolved: ${JSON.stringify(result).slice(0, 200)}`),
        (err) => err
      )
      const elapsedMs = performance.now() - started

      const row = KINDS.get(kind)
      assert.ok(err instanceof Error, 'an Error instance')
      assert.equal(err.code, row.js_code, err.message)
      assert.equal(err.kind, row.kind)
      assert.ok(isVirtualminError(err))
      assert.match(err.message, new RegExp(`^${row.kind} error: `))
      for (const [field, value] of Object.entries(fields)) {
        assert.equal(err[field], value, `err.${field}`)
      }
      assert.ok(
        elapsedMs < 2 * timeoutMs,
        `${Math.round(elapsedMs)} ms, over twice the timeout of ${timeoutMs} ms`
      )

      if (fault !== null) {
        // One request reached the server: no retry, and no redirect followed.
        const requests = await server.requests()
        assert.equal(requests.length, 1, JSON.stringify(requests))
        assert.equal(requests[0].auth_user, 'root')
        assert.match(requests[0].path, /^\/virtual-server\/remote\.cgi/)
      }
    })
  }
})

test('after a fault the next call on the same client succeeds', async () => {
  await server.reset()
  await server.knobs({ fault: 'garbage', fault_count: 1 })
  const client = new Client({
    url: server.url,
    password: server.password,
    fingerprint: server.fingerprint,
    timeoutMs: TIMEOUT_MS,
  })
  await assert.rejects(client.call('list-domains'), { code: KINDS.get('Protocol').js_code })
  const result = await client.call('list-domains', { 'name-only': true })
  assert.ok(result.data.includes('example.com'), JSON.stringify(result.data))
})
