// Fleets against several test servers at once: a fast one, two slow ones (1.5 s a call), a
// stopped one (closed port) and one that takes 0.3 s, each with a password of its own. Every
// server's result and error kind, a total time of about the slowest server, per-server
// promises that settle as each server answers, the bound on calls in flight, and credentials
// that never reach another server.
'use strict'

const assert = require('node:assert/strict')
const { execFile } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { after, before, test } = require('node:test')

const { Client, Fleet, isVirtualminError } = require('..')
const { contract, startServer } = require('./server')

const CODE_OF = Object.fromEntries(
  contract('error_kinds.json').kinds.map(({ kind, js_code }) => [kind, js_code])
)

const servers = {}
before(async () => {
  ;[servers.fast, servers.slowA, servers.slowB, servers.dead, servers.paced] = await Promise.all([
    startServer(['--seed', '--password', 'Fast-pass-1']),
    startServer(['--seed', '--delay-ms', '1500', '--password', 'Slow-pass-A']),
    startServer(['--seed', '--delay-ms', '1500', '--password', 'Slow-pass-B']),
    startServer(['--password', 'Dead-pass']),
    startServer(['--seed', '--delay-ms', '300', '--password', 'Paced-pass']),
  ])
  // Stopped before any test: its port is closed, so connecting to it is refused.
  await servers.dead.stop()
})
after(() => Promise.all(Object.values(servers).map((server) => server.stop())))

/** A client of `server` (as `user`, root by default) with a pin and short deadlines. */
function connect(server, options = {}) {
  return new Client({
    url: server.url,
    password: server.password,
    fingerprint: server.fingerprint,
    timeoutMs: 10_000,
    connectTimeoutMs: 2000,
    ...options,
  })
}

async function resetAll() {
  await Promise.all(
    [servers.fast, servers.slowA, servers.slowB, servers.paced].map((server) => server.reset())
  )
}

test('every server gets its own result and error kind, in the fleet order', async () => {
  await resetAll()
  const fleet = new Fleet({
    fast: connect(servers.fast),
    slowA: connect(servers.slowA),
    dead: connect(servers.dead),
    limited: connect(servers.fast, { user: 'vmlimited' }),
    twofa: connect(servers.fast, { user: 'twofa' }),
    slowB: connect(servers.slowB),
  })

  const results = await fleet.call('list-domains', { 'name-only': true })

  assert.deepEqual(
    results.map((result) => result.server),
    ['fast', 'slowA', 'dead', 'limited', 'twofa', 'slowB']
  )
  const byName = Object.fromEntries(results.map((result) => [result.server, result]))
  for (const name of ['fast', 'slowA', 'slowB']) {
    assert.equal(byName[name].ok, true, `${name}: ${byName[name].error?.message}`)
    assert.ok(byName[name].response.data.includes('example.com'))
    assert.equal(byName[name].error, undefined)
  }
  const failures = { dead: 'Connect', limited: 'Refused', twofa: 'Auth' }
  for (const [name, kind] of Object.entries(failures)) {
    const { ok, error, response } = byName[name]
    assert.equal(ok, false, name)
    assert.equal(response, undefined)
    assert.ok(isVirtualminError(error), `${name}: ${error}`)
    assert.equal(error.kind, kind, `${name}: ${error.message}`)
    assert.equal(error.code, CODE_OF[kind])
  }
  assert.equal(byName.twofa.error.reason, 'twofactor-required')
  assert.ok(byName.slowA.elapsedMs >= 1500, `${byName.slowA.elapsedMs} ms`)
  assert.ok(byName.fast.elapsedMs < 1000, `${byName.fast.elapsedMs} ms`)
})

test('the total is about the slowest server, not the sum of them', async () => {
  await resetAll()
  const fleet = new Fleet([
    ['slowA', connect(servers.slowA)],
    ['slowB', connect(servers.slowB)],
    ['fast', connect(servers.fast)],
    ['dead', connect(servers.dead)],
  ])
  const started = performance.now()
  const results = await fleet.call('list-domains', { 'name-only': true })
  const elapsed = performance.now() - started

  assert.deepEqual(
    results.map((result) => result.ok),
    [true, true, true, false]
  )
  // One after another would take over 3 s (two servers of 1.5 s).
  assert.ok(elapsed >= 1500, `${elapsed.toFixed(0)} ms: the delay was not applied`)
  assert.ok(elapsed < 2700, `${elapsed.toFixed(0)} ms: the servers did not run in parallel`)
})

test("callEach: each server's promise settles when that server answers", async () => {
  await resetAll()
  const fleet = new Fleet({
    slowA: connect(servers.slowA),
    fast: connect(servers.fast),
    dead: connect(servers.dead),
  })
  const started = performance.now()
  const each = fleet.callEach('list-domains', { 'name-only': true })
  assert.deepEqual(Object.keys(each), ['slowA', 'fast', 'dead'])

  const fast = await each.fast
  const fastAt = performance.now() - started
  await assert.rejects(each.dead, { code: 'VMR_CONNECT' })
  const slow = await each.slowA
  const slowAt = performance.now() - started

  assert.ok(fast.data.includes('example.com'))
  assert.ok(slow.data.includes('example.com'))
  assert.ok(fastAt < 1000, `the fast server's promise took ${fastAt.toFixed(0)} ms`)
  assert.ok(slowAt >= 1500, `${slowAt.toFixed(0)} ms`)
})

test('a rejected per-server promise that nobody awaits is not an unhandled rejection', async () => {
  const unhandled = []
  const listener = (reason) => unhandled.push(reason)
  process.on('unhandledRejection', listener)
  try {
    const each = new Fleet({ dead: connect(servers.dead), fast: connect(servers.fast) }).callEach(
      'list-domains',
      { 'name-only': true }
    )
    await each.fast
    await new Promise((resolve) => setTimeout(resolve, 200))
  } finally {
    process.off('unhandledRejection', listener)
  }
  assert.deepEqual(unhandled, [])
})

test('no more than maxInFlight calls are in flight, even on one server', async () => {
  await servers.paced.reset()
  const members = Array.from({ length: 6 }, (_, i) => [`m${i}`, connect(servers.paced)])
  const fleet = new Fleet(members, { maxInFlight: 2 })
  assert.equal(fleet.maxInFlight, 2)

  const started = performance.now()
  const results = await fleet.call('list-domains', { 'name-only': true })
  const elapsed = performance.now() - started

  assert.ok(results.every((result) => result.ok))
  const stats = await servers.paced.stats()
  assert.equal(stats.api_requests, 6)
  assert.equal(stats.max_in_flight, 2)
  // Three rounds of two calls of 0.3 s.
  assert.ok(elapsed >= 900, `${elapsed.toFixed(0)} ms`)
})

test("a fleet runs on threads of the core's: 6 in flight with a one-thread libuv pool", async () => {
  await servers.paced.reset()
  const script = `
    const { Client, Fleet } = require(${JSON.stringify(require.resolve('..'))})
    const options = ${JSON.stringify({
      url: servers.paced.url,
      password: servers.paced.password,
      fingerprint: servers.paced.fingerprint,
    })}
    const fleet = new Fleet(Array.from({ length: 6 }, (_, i) => [String(i), new Client(options)]))
    fleet.call('info').then((results) => console.log(results.filter((r) => r.ok).length))
  `
  const out = await new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ['-e', script],
      { env: { ...process.env, UV_THREADPOOL_SIZE: '1' } },
      (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(stdout))
    )
  )
  assert.equal(out, '6\n')
  assert.equal((await servers.paced.stats()).max_in_flight, 6)
})

test("a server's credentials are never sent to another server", async () => {
  await resetAll()
  const fleet = new Fleet({
    fast: connect(servers.fast),
    slowA: connect(servers.slowA),
    slowB: connect(servers.slowB),
    paced: connect(servers.paced),
  })
  await fleet.call('list-domains', { 'name-only': true })
  await fleet.call('list-users', { domain: 'example.com' }, { servers: ['paced', 'fast'] })

  for (const [name, count] of Object.entries({ fast: 2, slowA: 1, slowB: 1, paced: 2 })) {
    const requests = await servers[name].requests()
    assert.equal(requests.length, count, name)
    for (const request of requests) {
      assert.equal(request.auth_user, 'root', name)
      assert.equal(request.auth_ok, true, `${name} got a password that is not its own`)
    }
  }
})

test('servers: a subset in the order given; an unknown name rejects and sends nothing', async () => {
  await resetAll()
  const fleet = new Fleet({ fast: connect(servers.fast), paced: connect(servers.paced) })

  const results = await fleet.call('list-domains', { 'name-only': true }, { servers: ['paced'] })
  assert.deepEqual(
    results.map((result) => [result.server, result.ok]),
    [['paced', true]]
  )
  const reversed = await fleet.call('info', {}, { servers: ['paced', 'fast'] })
  assert.deepEqual(
    reversed.map((result) => result.server),
    ['paced', 'fast']
  )
  assert.deepEqual(await fleet.call('info', {}, { servers: [] }), [])

  await resetAll()
  await assert.rejects(fleet.call('info', {}, { servers: ['fast', 'nosuch'] }), {
    code: 'VMR_USAGE',
    message: /no server named "nosuch"/,
  })
  await assert.rejects(fleet.call('info', {}, { servers: ['fast', 'fast'] }), {
    code: 'VMR_USAGE',
    message: /named twice/,
  })
  assert.throws(() => fleet.callEach('info', {}, { servers: ['nosuch'] }), { code: 'VMR_USAGE' })
  assert.deepEqual(await servers.fast.requests(), [])
})

test('a call that no server would accept is refused once, before anything is sent', async () => {
  await resetAll()
  const fleet = new Fleet({ fast: connect(servers.fast), paced: connect(servers.paced) })
  await assert.rejects(fleet.call('list-domains', { Domain: 'a' }), {
    code: 'VMR_USAGE',
    flag: 'Domain',
  })
  await assert.rejects(fleet.call('list-domains', { domain: { nested: true } }), {
    code: 'VMR_USAGE',
    flag: 'domain',
  })
  assert.throws(() => fleet.callEach('Bad Name'), { code: 'VMR_USAGE', flag: 'program' })
  assert.deepEqual(await servers.fast.requests(), [])
  assert.deepEqual(await servers.paced.requests(), [])
})

test('each member keeps its own check mode: strict refuses, warn sends', async () => {
  await resetAll()
  const fleet = new Fleet({
    strict: connect(servers.fast, { checkMode: 'strict' }),
    warn: connect(servers.paced),
  })
  const [strict, warn] = await fleet.call('list-domains', { nameonly: true })
  assert.equal(strict.error.code, 'VMR_USAGE')
  assert.equal(strict.error.flag, 'nameonly')
  assert.equal(strict.elapsedMs < 100, true)
  // The test server, like Virtualmin, fails on a flag it does not know.
  assert.equal(warn.error.code, 'VMR_PROGRAM')
  assert.deepEqual(await servers.fast.requests(), [])
  assert.equal((await servers.paced.requests()).length, 1)
})

test('members: object, Map or pairs; add(); names, size, client(); usage errors', () => {
  const a = connect(servers.fast)
  const b = connect(servers.paced)
  assert.deepEqual(
    new Fleet(
      new Map([
        ['y', a],
        ['x', b],
      ])
    ).names,
    ['y', 'x']
  )
  const fleet = new Fleet().add('b', b).add('a', a)
  assert.deepEqual(fleet.names, ['b', 'a'])
  assert.equal(fleet.size, 2)
  assert.equal(fleet.client('a'), a)
  assert.equal(fleet.client('c'), undefined)
  assert.equal(fleet.maxInFlight, 16)

  const usage = { code: 'VMR_USAGE' }
  assert.throws(() => fleet.add('a', b), { ...usage, message: /already has a server named "a"/ })
  assert.throws(() => fleet.add('', b), usage)
  assert.throws(() => fleet.add('c', { url: 'https://x' }), { ...usage, message: /Client/ })
  assert.throws(() => new Fleet({ a }, { maxInFlight: 0 }), usage)
  assert.throws(() => new Fleet({ a }, { maxInFlight: 1.5 }), usage)
  assert.throws(() => new Fleet({ a }, { maxinflight: 2 }), usage)
  assert.throws(() => new Fleet([['a']]), usage)
  assert.throws(() => new Fleet('a'), usage)
  assert.throws(() => fleet.callEach('info', {}, { signal: AbortSignal.abort() }), {
    ...usage,
    message: /cannot be aborted/,
  })
  assert.throws(() => fleet.callEach('info', {}, { servers: 'a' }), usage)
  assert.throws(() => fleet.callEach('info', {}, { timeoutMs: 5 }), usage)
})

test('the fleet example runs against the test servers', async () => {
  await resetAll()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmr-node-fleet-'))
  const file = path.join(dir, 'servers.json')
  const entry = (server) => ({
    url: server.url,
    password: server.password,
    fingerprint: server.fingerprint,
  })
  fs.writeFileSync(
    file,
    JSON.stringify({
      vm1: entry(servers.fast),
      vm2: entry(servers.dead),
      vm3: entry(servers.paced),
    })
  )
  const example = path.join(__dirname, '..', 'examples', 'fleet.js')
  const { err, stdout, stderr } = await new Promise((resolve) =>
    execFile(
      process.execPath,
      [example],
      { env: { ...process.env, VIRTUALMIN_SERVERS: file } },
      (err, stdout, stderr) => resolve({ err, stdout, stderr })
    )
  )
  fs.rmSync(dir, { recursive: true, force: true })

  assert.equal(err, null, stderr)
  const lines = stdout.trim().split('\n')
  assert.match(lines[0], /^vm1\tok\t4 domains\t\d+ ms$/)
  assert.match(lines[1], /^vm2\tVMR_CONNECT\t/)
  assert.match(lines[2], /^vm3\tok\t4 domains\t\d+ ms$/)
  assert.match(lines[3], /^first to answer: vm1$/)
})
