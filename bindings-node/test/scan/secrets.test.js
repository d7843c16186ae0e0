// The secret scan of a whole run: after every suite of test/ has run under the collector
// (test/collect.js, started by test/run.sh), no error text, no inspect or JSON view of a client
// or fleet, no process warning and no byte written to stdout or stderr by any Node process of
// the run holds a password in use (a test server's or a client's) or its Basic-auth form.
//
// The collection must also be complete enough to mean something: every test file ran under
// it, and every kind of the contract table was seen as an error.
'use strict'

const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { before, test } = require('node:test')

const { contract } = require('../server')

const DIR = process.env.VMR_COLLECT_DIR
const TESTS = path.join(__dirname, '..')
// The test server's password unless started with another; a secret whether or not a test
// said so.
const DEFAULT_PASSWORD = 'Vmr-t3st-9qZx4LwP'
// Shorter client passwords ('pw') are placeholders of calls that never authenticate; they
// would match innocent text.
const MIN_SECRET = 8

let records
before(() => {
  assert.ok(DIR, 'VMR_COLLECT_DIR is not set: run test/run.sh')
  records = fs
    .readdirSync(DIR)
    .filter((file) => file.endsWith('.jsonl'))
    .flatMap((file) =>
      fs
        .readFileSync(path.join(DIR, file), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line))
    )
})

/** The strings that must not show: each password, URL-encoded, and as `user:password` Basic. */
function forbidden() {
  const secrets = new Set([DEFAULT_PASSWORD])
  for (const { kind, text } of records) {
    if (kind === 'secret' && text.length >= MIN_SECRET) secrets.add(text)
  }
  const users = ['root', 'vmlimited', 'twofa', 'nomodule']
  const forms = []
  for (const secret of secrets) {
    forms.push([secret, `the password ${secret}`])
    if (encodeURIComponent(secret) !== secret) {
      forms.push([encodeURIComponent(secret), `the password ${secret}, URL-encoded`])
    }
    for (const user of users) {
      const basic = Buffer.from(`${user}:${secret}`).toString('base64')
      forms.push([basic, `the Basic value of ${user}:${secret}`])
    }
  }
  return { secrets, forms }
}

test('the collection covers the whole run', (t) => {
  const processes = records.filter((r) => r.kind === 'process').map((r) => r.text)
  for (const file of fs.readdirSync(TESTS).filter((name) => name.endsWith('.test.js'))) {
    assert.ok(
      processes.some((argv) => argv.includes(path.join(TESTS, file))),
      `${file} did not run under the collector`
    )
  }
  const seen = new Set(records.map((r) => r.kind))
  for (const { js_code: code } of contract('error_kinds.json').kinds) {
    assert.ok(seen.has(`error ${code}`), `no ${code} error was collected`)
  }
  for (const kind of ['client', 'fleet', 'warning', 'stdout', 'stderr', 'secret']) {
    assert.ok(seen.has(kind), `nothing of kind ${kind} was collected`)
  }
  const errors = records.filter((r) => r.kind.startsWith('error ')).length
  t.diagnostic(`${records.length} records from ${processes.length} processes`)
  assert.ok(errors >= 50, `only ${errors} errors collected`)
})

test('no error, view, warning or output of the run holds a password', () => {
  const { secrets, forms } = forbidden()
  assert.ok(secrets.size >= 2, 'the servers of the run reported their passwords')
  const leaks = []
  for (const { pid, kind, text } of records) {
    if (kind === 'secret') continue
    for (const [form, what] of forms) {
      const at = text.indexOf(form)
      if (at >= 0) {
        const around = text.slice(Math.max(0, at - 80), at + form.length + 80)
        leaks.push(`${what} in a ${kind} record of process ${pid}: …${around}…`)
      }
    }
  }
  assert.deepEqual(leaks, [])
})
