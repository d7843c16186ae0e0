// Calls run off the event loop: several at once really overlap on the server, timers keep
// firing during a slow call, and an AbortSignal stops the wait for a call that hangs.
'use strict'

// NB: calls run on libuv's thread pool, 4 threads unless UV_THREADPOOL_SIZE says otherwise, and
// libuv reads it once, when the pool first starts. Nothing in this file uses the pool before
// this line, so it takes effect here even when the test is run on its own.
process.env.UV_THREADPOOL_SIZE ??= '16'

const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const { after, before, test } = require('node:test')

const { Client } = require('..')
const { startServer } = require('./server')

let server
let client
before(async () => {
  server = await startServer(['--seed'])
  client = new Client({
    url: server.url,
    password: server.password,
    fingerprint: server.fingerprint,
    timeoutMs: 5000,
  })
})
// Stopping the server also ends the exchanges that aborted calls left waiting.
after(() => server.stop())

test('8 calls against a 0.5 s server overlap: far sooner than one after another', async () => {
  assert.ok(Number(process.env.UV_THREADPOOL_SIZE) >= 8, 'the pool needs 8 threads for this')
  await server.reset()
  await server.knobs({ delay_ms: 500 })

  const started = performance.now()
  const results = await Promise.all(
    Array.from({ length: 8 }, () => client.call('list-domains', { 'name-only': true }))
  )
  const elapsed = performance.now() - started

  for (const result of results) {
    assert.ok(result.data.includes('example.com'), JSON.stringify(result.data))
  }
  assert.ok(elapsed >= 500, `${elapsed} ms: the delay was not applied`)
  assert.ok(elapsed < 2500, `8 calls took ${elapsed.toFixed(0)} ms: they did not overlap`)
  const stats = await server.stats()
  assert.equal(stats.max_in_flight, 8, 'all 8 requests were in flight at the same time')
})

test('a timer keeps firing while a call waits for a slow server', async () => {
  await server.reset()
  await server.knobs({ delay_ms: 1000 })

  let ticks = 0
  const timer = setInterval(() => ticks++, 20)
  try {
    await client.call('list-domains', { 'name-only': true })
  } finally {
    clearInterval(timer)
  }
  // 1000 ms / 20 ms is 50 ticks; a blocked event loop would give 0 or 1.
  assert.ok(ticks >= 25, `only ${ticks} ticks during a 1 s call`)
})

test('aborting a call to a stalled server rejects at once with an AbortError', async () => {
  await server.reset()
  await server.knobs({ fault: 'stall' })

  const controller = new AbortController()
  const started = performance.now()
  setTimeout(() => controller.abort(), 100)
  await assert.rejects(client.call('list-domains', {}, { signal: controller.signal }), (err) => {
    assert.ok(err instanceof Error)
    assert.equal(err.name, 'AbortError')
    assert.equal(err.code, 'ABORT_ERR')
    return true
  })
  const elapsed = performance.now() - started
  assert.ok(elapsed < 1000, `the abort took ${elapsed.toFixed(0)} ms`)
  const stats = await server.stats()
  assert.equal(stats.in_flight, 1, 'the request had reached the server before the abort')
})

test('an already aborted signal rejects without sending anything', async () => {
  await server.reset()
  const reason = new Error('changed my mind')
  await assert.rejects(
    client.call('list-domains', {}, { signal: AbortSignal.abort(reason) }),
    (err) => err.code === 'ABORT_ERR' && err.cause === reason
  )
  assert.deepEqual(await server.requests(), [])
})

test('a signal that is never aborted changes nothing, and a late abort is harmless', async () => {
  await server.reset()
  const controller = new AbortController()
  const result = await client.call(
    'list-domains',
    { 'name-only': true },
    { signal: controller.signal }
  )
  controller.abort()
  assert.equal(result.status, 'success')
  assert.equal(controller.signal.onabort, null, "the caller's signal is left as it was")
})

test('an aborted call that is still queued for a thread is never sent', async () => {
  // A process of its own with a one-thread pool: the first call holds the thread on a stalled
  // server, so the second waits in the queue when it is aborted.
  await server.reset()
  await server.knobs({ fault: 'stall' })
  const script = `
    const { Client } = require(${JSON.stringify(require.resolve('..'))})
    const client = new Client(${JSON.stringify({
      url: server.url,
      password: server.password,
      fingerprint: server.fingerprint,
      timeoutMs: 1500,
    })})
    const holding = client.call('list-domains').catch((err) => err.code)
    const controller = new AbortController()
    const { signal } = controller
    const queued = client.call('list-users', { domain: 'example.com' }, { signal })
      .catch((err) => err.code)
    setTimeout(() => controller.abort(), 200)
    Promise.all([holding, queued]).then((codes) => console.log(codes.join(' ')))
  `
  const out = execFileSync(process.execPath, ['-e', script], {
    env: { ...process.env, UV_THREADPOOL_SIZE: '1' },
    encoding: 'utf8',
  })
  assert.equal(out, 'VMR_TIMEOUT ABORT_ERR\n')
  const programs = (await server.requests()).map((request) => request.body.split('&')[0])
  assert.deepEqual(programs, ['program=list-domains'], 'list-users never reached the server')
})

test('a signal that is not an AbortSignal is a usage error', async () => {
  await assert.rejects(client.call('list-domains', {}, { signal: { aborted: false } }), {
    code: 'VMR_USAGE',
  })
})
