// The JavaScript examples of README.md run as written against the test server, so the usage
// the README teaches cannot drift from what the package does.
'use strict'

const assert = require('node:assert/strict')
const { execFile } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { after, before, test } = require('node:test')

const { startServer } = require('./server')

const PACKAGE = path.join(__dirname, '..')
const blocks = [
  ...fs.readFileSync(path.join(PACKAGE, 'README.md'), 'utf8').matchAll(/```js\n(.*?)```/gs),
].map((match) => match[1])

let server
let stopped
let dir
before(async () => {
  server = await startServer(['--seed'])
  // The fleet example's second server: stopped, so its port is closed.
  stopped = await startServer([])
  await stopped.stop()
  // The examples import the package by name, as a user's project would.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmr-node-readme-'))
  fs.mkdirSync(path.join(dir, 'node_modules'))
  fs.symlinkSync(PACKAGE, path.join(dir, 'node_modules', 'virtualmin-remote'), 'dir')
})
after(async () => {
  await server.stop()
  fs.rmSync(dir, { recursive: true, force: true })
})

function run(name, code) {
  const file = path.join(dir, name)
  fs.writeFileSync(file, code)
  const env = {
    ...process.env,
    VIRTUALMIN_URL: server.url,
    VIRTUALMIN_PASSWORD: server.password,
    VIRTUALMIN_FINGERPRINT: server.fingerprint,
    VM1_URL: server.url,
    VM1_PASSWORD: server.password,
    VM1_FINGERPRINT: server.fingerprint,
    VM2_URL: stopped.url,
    VM2_PASSWORD: stopped.password,
    VM2_FINGERPRINT: stopped.fingerprint,
  }
  return new Promise((resolve) =>
    execFile(process.execPath, [file], { env, cwd: dir }, (err, stdout, stderr) =>
      resolve({ err, stdout, stderr })
    )
  )
}

test('the README has its four JavaScript examples', () => {
  assert.equal(blocks.length, 4)
})

test('the CommonJS example prints the pin and the domains', async () => {
  const { err, stdout, stderr } = await run('first.js', blocks[0])
  assert.equal(err, null, stderr)
  assert.equal(stdout.split('\n')[0], server.fingerprint)
  assert.match(stdout, /^example\.com \/home\/example$/m)
})

test('the ES module example reports the failed program', async () => {
  const { err, stdout, stderr } = await run('second.mjs', blocks[1])
  assert.equal(err, null, stderr)
  assert.equal(stdout, 'VMR_PROGRAM Virtual server nosuch.example does not exist\n')
})

test('the catalog example checks, reads the live catalog and refuses the bad flag', async () => {
  const { err, stdout, stderr } = await run('catalog.js', blocks[2])
  assert.equal(err, null, stderr)
  assert.equal(
    stdout,
    [
      '159 Mail aliases domain from to',
      'unknown_flag nameonly name-only',
      `live: ${server.url}`,
      'VMR_USAGE nameonly',
      '',
    ].join('\n')
  )
})

test('the fleet example lists both servers, the stopped one with its error', async () => {
  const { err, stdout, stderr } = await run('fleet.js', blocks[3])
  assert.equal(err, null, stderr)
  assert.equal(
    stdout,
    [
      'vm1 example.com sub.example.com example.net test.org',
      'vm2 VMR_CONNECT',
      'alice.example bob.example carol.example',
      '',
    ].join('\n')
  )
})
