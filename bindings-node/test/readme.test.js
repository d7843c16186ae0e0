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
let dir
before(async () => {
  server = await startServer(['--seed'])
  // The examples import the package by name, as a user's project would.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmr-node-readme-'))
  fs.mkdirSync(path.join(dir, 'node_modules'))
  fs.symlinkSync(PACKAGE, path.join(dir, 'node_modules', 'virtualmin-remote'), 'dir')
})
after(async () => {
  await server.stop()
  fs.rmSync(dir, { recursive: true, force: true })
})

function run(file) {
  const env = {
    ...process.env,
    VIRTUALMIN_URL: server.url,
    VIRTUALMIN_PASSWORD: server.password,
    VIRTUALMIN_FINGERPRINT: server.fingerprint,
  }
  return new Promise((resolve) =>
    execFile(process.execPath, [file], { env, cwd: dir }, (err, stdout, stderr) =>
      resolve({ err, stdout, stderr })
    )
  )
}

test('the README has its two JavaScript examples', () => {
  assert.equal(blocks.length, 2)
})

test('the CommonJS example prints the pin and the domains', async () => {
  const file = path.join(dir, 'first.js')
  fs.writeFileSync(file, blocks[0])
  const { err, stdout, stderr } = await run(file)
  assert.equal(err, null, stderr)
  assert.equal(stdout.split('\n')[0], server.fingerprint)
  assert.match(stdout, /^example\.com \/home\/example$/m)
})

test('the ES module example reports the failed program', async () => {
  const file = path.join(dir, 'second.mjs')
  fs.writeFileSync(file, blocks[1])
  const { err, stdout, stderr } = await run(file)
  assert.equal(err, null, stderr)
  assert.equal(stdout, 'VMR_PROGRAM Virtual server nosuch.example does not exist\n')
})
