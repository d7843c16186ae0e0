// The catalog: the bundled one and its programs, every kind of problem a check finds, the check
// modes of a client (strict refuses before sending, warn warns once and sends, off is silent),
// a server's live catalog, and a catalog of one's own given to a client.
'use strict'

const assert = require('node:assert/strict')
const { inspect } = require('node:util')
const { after, before, test } = require('node:test')

const { Catalog, Client } = require('..')
const { startServer } = require('./server')

let server
before(async () => {
  server = await startServer(['--seed'])
})
after(() => server.stop())

function connect(options = {}) {
  return new Client({
    url: server.url,
    password: server.password,
    fingerprint: server.fingerprint,
    timeoutMs: 10_000,
    ...options,
  })
}

/** Runs `body` and resolves with the process warnings it emitted (they arrive on next tick). */
async function warningsOf(body) {
  const seen = []
  const listener = (warning) => seen.push(warning)
  process.on('warning', listener)
  try {
    await body()
    await new Promise((resolve) => setImmediate(resolve))
  } finally {
    process.off('warning', listener)
  }
  return seen
}

test('the bundled catalog: 159 programs of Virtualmin GPL 8.1, sorted, one shared object', () => {
  const catalog = Catalog.bundled()
  assert.equal(Catalog.bundled(), catalog)
  assert.match(catalog.source, /Virtualmin GPL 8\.1\.0/)

  const names = catalog.programs().map((program) => program.name)
  assert.equal(names.length, 159)
  assert.deepEqual(names, [...names].sort())
  assert.equal(inspect(catalog).split('\n').at(-2).trim(), 'programs: 159')
})

test('a program with its flags and groups of alternatives; alternative names; null', () => {
  const catalog = Catalog.bundled()
  const alias = catalog.program('create-alias')
  assert.equal(alias.category, 'Mail aliases')
  assert.equal(alias.description, 'Create a new mail alias')
  assert.deepEqual(alias.flags.at(-1), {
    name: 'to',
    takesValue: true,
    required: true,
    repeatable: true,
  })
  assert.deepEqual(alias.groups, [])

  const create = catalog.program('create-domain')
  assert.deepEqual(create.groups[0], { alternatives: [['pass'], ['passfile']], required: true })
  const multiline = catalog.program('list-domains').flags.find((f) => f.name === 'multiline')
  assert.equal(multiline.takesValue, false)

  assert.equal(catalog.program('license-info').name, 'licence-info')
  assert.equal(catalog.program('make-coffee'), null)
  assert.equal(catalog.isProOnly('list-resellers'), true)
  assert.equal(catalog.isProOnly('list-domains'), false)
})

test('each kind of problem, with the flag and the suggestion', () => {
  const catalog = Catalog.bundled()
  const cases = [
    ['list-domain', {}, 'unknown_program', null, 'list-domains'],
    ['list-resellers', {}, 'pro_only', null, null],
    ['list-domains', { nameonly: true }, 'unknown_flag', 'nameonly', 'name-only'],
    ['list-domains', { 'name-only': 'yes' }, 'value_for_switch', 'name-only', null],
    ['list-domains', { domain: true }, 'missing_value', 'domain', null],
    [
      'create-alias',
      [
        ['domain', 'a.example'],
        ['domain', 'b.example'],
        ['from', 'x'],
        ['to', 'y@z.example'],
      ],
      'repeated_flag',
      'domain',
      null,
    ],
    ['create-alias', { from: 'x', to: 'y@z.example' }, 'missing_required', 'domain', null],
    ['list-domains', { 'name-only': true, 'id-only': true }, 'exclusive_flags', 'id-only', null],
  ]
  for (const [program, flags, kind, flag, suggestion] of cases) {
    const problems = catalog.check(program, flags)
    assert.equal(problems.length, 1, `${kind}: ${inspect(problems)}`)
    assert.deepEqual(
      { ...problems[0], message: undefined },
      {
        kind,
        flag,
        suggestion,
        message: undefined,
      }
    )
    assert.equal(typeof problems[0].message, 'string')
  }
  assert.match(catalog.check('list-domain')[0].message, /did you mean list-domains\?/)
  assert.deepEqual(catalog.check('create-alias', { domain: 'a', from: 'b', to: ['c', 'd'] }), [])
})

test('a check with flags that cannot be read throws VMR_USAGE naming the flag', () => {
  assert.throws(() => Catalog.bundled().check('list-domains', { domain: { a: 1 } }), {
    code: 'VMR_USAGE',
    flag: 'domain',
  })
  assert.throws(() => Catalog.bundled().program(42), { code: 'VMR_USAGE' })
})

test('multiline is wanted by list programs that chose no listing mode, and only by them', () => {
  const catalog = Catalog.bundled()
  assert.equal(catalog.wantsMultiline('list-domains'), true)
  assert.equal(catalog.wantsMultiline('list-domains', { 'name-only': true }), false)
  assert.equal(catalog.wantsMultiline('create-domain', { domain: 'a.example' }), false)
  assert.equal(connect().preview('list-domains').body, 'program=list-domains&multiline=&json=1')
})

test('client.check checks the call as that client sends it, whatever its check mode', () => {
  for (const checkMode of ['off', 'warn', 'strict']) {
    const client = connect({ checkMode })
    assert.deepEqual(client.check('list-domains'), [])
    assert.deepEqual(
      client.check('list-domains', { nameonly: true }).map((p) => [p.kind, p.suggestion]),
      [['unknown_flag', 'name-only']]
    )
  }
  const client = connect()
  assert.equal(client.catalog, client.catalog, 'one Catalog object per client')
  assert.equal(client.catalog.source, Catalog.bundled().source)
})

test('strict: the call is refused with VMR_USAGE naming the first flag, nothing is sent', async () => {
  await server.reset()
  const client = connect({ checkMode: 'strict' })
  await assert.rejects(client.call('list-domains', { nameonly: true, 'id-only': 'x' }), (err) => {
    assert.equal(err.code, 'VMR_USAGE')
    assert.equal(err.flag, 'nameonly')
    assert.match(err.message, /did you mean --name-only\?.*; .*--id-only/)
    return true
  })
  await assert.rejects(client.call('list-domain'), { code: 'VMR_USAGE', flag: 'program' })
  assert.deepEqual(await server.requests(), [])
})

test('warn: the call is sent anyway, with one CatalogWarning per distinct problem', async () => {
  await server.reset()
  const client = connect()
  const warnings = await warningsOf(async () => {
    for (let i = 0; i < 3; i++) {
      await assert.rejects(client.call('list-domains', { 'warn-once': true }), {
        code: 'VMR_PROGRAM',
      })
    }
  })
  const ours = warnings.filter((w) => w.code === 'VMR_CATALOG')
  assert.equal(ours.length, 1, inspect(warnings))
  assert.equal(ours[0].name, 'CatalogWarning')
  assert.match(ours[0].message, /list-domains has no flag --warn-once \(sent anyway\)/)
  assert.equal((await server.requests()).length, 3, 'all three calls reached the server')
})

test('off: the call is sent and nothing is said', async () => {
  const client = connect({ checkMode: 'off' })
  const warnings = await warningsOf(() =>
    assert.rejects(client.call('list-domains', { 'quiet-please': true }), { code: 'VMR_PROGRAM' })
  )
  assert.deepEqual(warnings, [])
})

test("the live catalog: the server's programs, read once, kept by the client", async () => {
  await server.reset()
  const client = connect()
  const live = await client.liveCatalog()
  assert.ok(live instanceof Catalog)
  assert.equal(live.source, `live: ${server.url}`)

  const listed = await client.call('list-commands', { multiline: true })
  assert.equal(live.programs().length, listed.records.length)
  const domains = live.program('list-domains')
  assert.ok(domains.flags.some((flag) => flag.name === 'multiline' && !flag.takesValue))
  const requests = (await server.requests()).length
  assert.equal(requests, 1 + listed.records.length + 1, 'list-commands, get-command each, ours')

  assert.equal(await client.liveCatalog(), live)
  assert.equal((await server.requests()).length, requests, 'the second read sent nothing')
})

test('a live catalog given to another client is what that client checks against', async () => {
  const live = await connect().liveCatalog()
  const client = connect({ catalog: live, checkMode: 'strict' })
  assert.equal(client.catalog.source, live.source)
  await assert.rejects(client.call('list-domains', { nameonly: true }), { flag: 'nameonly' })
})

test('a catalog of its own: a client checks against it only', async () => {
  const catalog = Catalog.fromJson(
    JSON.stringify({
      source: 'our two programs',
      programs: [
        { name: 'list-domains', flags: [{ name: 'name-only' }, { name: 'multiline' }] },
        { name: 'info', flags: [] },
      ],
    })
  )
  assert.equal(catalog.source, 'our two programs')
  assert.deepEqual(
    catalog.programs().map((p) => p.name),
    ['info', 'list-domains']
  )

  await server.reset()
  const client = connect({ catalog, checkMode: 'strict' })
  assert.equal(client.catalog.source, 'our two programs')
  const domains = await client.call('list-domains', { 'name-only': true })
  assert.ok(domains.data.includes('example.com'))
  await assert.rejects(client.call('list-users', { domain: 'example.com' }), (err) => {
    assert.equal(err.code, 'VMR_USAGE')
    assert.match(err.message, /there is no program list-users/)
    return true
  })
  assert.equal((await server.requests()).length, 1)
})

test('catalogs come from the static methods; anything else is VMR_USAGE', () => {
  assert.throws(() => new Catalog(), { code: 'VMR_USAGE' })
  assert.throws(() => Catalog.fromJson('{'), { code: 'VMR_USAGE', message: /not JSON/ })
  assert.throws(() => Catalog.fromJson('{"programs": 1}'), { code: 'VMR_USAGE' })
  assert.throws(() => Catalog.fromJson(7), { code: 'VMR_USAGE' })
  for (const catalog of [{}, 'bundled', Catalog]) {
    assert.throws(() => connect({ catalog }), {
      code: 'VMR_USAGE',
      message: /the catalog option must be a Catalog/,
    })
  }
})

test('a live catalog that cannot be read rejects with the error, and is not kept', async () => {
  await server.reset()
  const client = connect({ password: 'not the password' })
  await assert.rejects(client.liveCatalog(), { code: 'VMR_AUTH' })
  await assert.rejects(client.liveCatalog({ signal: AbortSignal.abort() }), {
    code: 'ABORT_ERR',
  })
  assert.equal((await server.requests()).length, 1, 'the aborted read sent nothing')
})

test('reading the live catalog leaves the event loop free', async () => {
  await server.reset()
  await server.knobs({ delay_ms: 50 })
  let ticks = 0
  const timer = setInterval(() => ticks++, 10)
  const started = performance.now()
  try {
    await connect().liveCatalog()
  } finally {
    clearInterval(timer)
    await server.knobs({ delay_ms: 0 })
  }
  const elapsed = performance.now() - started
  // 160 calls of 50 ms, eight at a time: about a second, during which the timer keeps going.
  assert.ok(ticks >= elapsed / 10 / 3, `${ticks} ticks in ${elapsed.toFixed(0)} ms`)
})
