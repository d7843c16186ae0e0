// The password never shows: not in errors (message, stack, inspect), not in util.inspect or
// JSON of the client, not in a preview, and not in anything a program using the library
// prints, even with every log switch of Rust and Node turned on.
'use strict'

const assert = require('node:assert/strict')
const { execFile } = require('node:child_process')
const path = require('node:path')
const { after, before, test } = require('node:test')
const util = require('node:util')

const { Client } = require('..')
const { startServer } = require('./server')

// Unique and searchable, so that a leak anywhere is found.
const PASSWORD = `Pw-${process.pid}-${Date.now()}-Zq9`
const WRONG = `Wrong-${process.pid}-Xk7`

let server
before(async () => {
  server = await startServer(['--seed', '--password', PASSWORD])
})
after(() => server.stop())

function assertClean(text, where) {
  assert.ok(!text.includes(PASSWORD), `the password is in ${where}:\n${text}`)
  assert.ok(!text.includes(WRONG), `the wrong password is in ${where}:\n${text}`)
  const basic = Buffer.from(`root:${PASSWORD}`).toString('base64')
  assert.ok(!text.includes(basic), `the Authorization value is in ${where}`)
}

const everything = (err) =>
  [err.message, err.stack, util.inspect(err, { depth: 5 }), JSON.stringify(err), String(err)].join(
    '\n'
  )

test('util.inspect, JSON.stringify and the properties of a client hold no password', () => {
  const client = new Client({
    url: server.url,
    password: PASSWORD,
    fingerprint: server.fingerprint,
  })
  const views = [
    util.inspect(client),
    util.inspect(client, { showHidden: true, depth: Infinity, getters: true }),
    JSON.stringify(client),
    String(client),
    `${Object.getOwnPropertyNames(client)}`,
    JSON.stringify(Object.getOwnPropertyDescriptors(client)),
  ]
  for (const view of views) assertClean(view, view)
  assert.match(util.inspect(client), /password: '\*\*\*'/)
  assert.deepEqual(JSON.parse(JSON.stringify(client)).password, '***')
})

test('errors of every kind that involve the password hold none of it', async () => {
  const options = { url: server.url, fingerprint: server.fingerprint }
  const client = (extra) => new Client({ ...options, password: PASSWORD, ...extra })
  const provocations = [
    () => client({ password: WRONG }).call('list-domains'),
    () => client({ user: 'twofa' }).call('list-domains'),
    () => client().call('no-such-program'),
    () => client().call('create-domain', { domain: 'x', pass: WRONG, bad: {} }),
    () => client({ fingerprint: 'AB'.repeat(32) }).call('list-domains'),
    () => client().call('create-alias', { domain: 'nosuch.example', from: 'a', to: 'b@x.org' }),
  ]
  for (const provoke of provocations) {
    const err = await provoke().then(
      () => assert.fail('resolved'),
      (err) => err
    )
    assert.match(err.code, /^VMR_/)
    assertClean(everything(err), `a ${err.code} error`)
  }
})

test('a password of the wrong type is refused without being quoted', () => {
  const secret = 987654321987
  assert.throws(
    () => new Client({ url: server.url, password: secret }),
    (err) => err.code === 'VMR_USAGE' && !everything(err).includes(String(secret))
  )
})

test('a preview masks the password and secret flag values', () => {
  const client = new Client({ url: server.url, password: PASSWORD, insecure: true })
  const preview = client.preview('create-domain', { domain: 'a.example', pass: WRONG })
  assertClean(JSON.stringify(preview), 'the preview')
  assert.match(preview.body, /pass=\*\*\*/)
})

test('a program using the library prints no password, with Rust and Node logging on', async () => {
  const example = path.join(__dirname, '..', 'examples', 'basic.js')
  for (const password of [PASSWORD, WRONG]) {
    const { stdout, stderr } = await run(example, {
      VIRTUALMIN_URL: server.url,
      VIRTUALMIN_FINGERPRINT: server.fingerprint,
      VIRTUALMIN_PASSWORD: password,
      RUST_LOG: 'trace',
      NODE_DEBUG: 'tls,net,http,https',
    })
    assertClean(stdout + stderr, `the output of basic.js with password ${password}`)
  }
})

function run(script, env) {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [script],
      { env: { ...process.env, ...env } },
      (err, stdout, stderr) => resolve({ err, stdout, stderr })
    )
  })
}

test('insecure: true warns once, as a process warning with a code', async () => {
  const { stderr } = await new Promise((resolve) =>
    execFile(
      process.execPath,
      [
        '-e',
        `const { Client } = require(${JSON.stringify(path.join(__dirname, '..'))})
         for (let i = 0; i < 3; i++) new Client({ url: 'https://127.0.0.1:9', insecure: true })`,
      ],
      (err, stdout, stderr) => resolve({ err, stdout, stderr })
    )
  )
  assert.equal(stderr.match(/VMR_INSECURE/g)?.length, 1, stderr)
  assert.match(stderr, /SecurityWarning: .*certificate checks are OFF/)
})
