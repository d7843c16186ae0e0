// What a successful call resolves with: `{program, status, data, records, output, exitStatus}`
// as plain JavaScript values, the same whatever wire format carried it, and stateful programs
// that round-trip.
'use strict'

const assert = require('node:assert/strict')
const { execFile } = require('node:child_process')
const path = require('node:path')
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
  })
})
after(() => server.stop())

test('a multiline listing resolves with records that are the items of data', async () => {
  const result = await client.call('list-domains', { multiline: true })
  assert.deepEqual(Object.keys(result).sort(), [
    'data',
    'exitStatus',
    'output',
    'program',
    'records',
    'status',
  ])
  assert.equal(result.program, 'list-domains')
  assert.equal(result.status, 'success')
  assert.equal(result.output, null)
  assert.ok(Array.isArray(result.data))
  assert.equal(result.records.length, result.data.length)
  result.records.forEach((record, i) => assert.equal(record, result.data[i], 'the same object'))

  const example = result.records.find((record) => record.name === 'example.com')
  assert.ok(example, 'example.com is listed')
  assert.deepEqual(example.values.home_directory, ['/home/example'])
  for (const values of Object.values(example.values)) {
    assert.ok(Array.isArray(values) && values.every((v) => typeof v === 'string'))
  }
  assert.equal(Object.getPrototypeOf(example), Object.prototype, 'a plain object')
})

test('name-only resolves with plain strings and no records', async () => {
  const result = await client.call('list-domains', { 'name-only': true })
  assert.ok(result.data.includes('example.com') && result.data.includes('test.org'))
  assert.ok(result.data.every((name) => typeof name === 'string'))
  assert.deepEqual(result.records, [])
})

test('every wire format decodes to the same data', async () => {
  const flags = { domain: 'example.com', multiline: true }
  const json = await client.call('list-users', flags)
  assert.ok(json.records.length > 0)
  for (const format of ['json-minified', 'xml', 'perl', 'text']) {
    const other = await client.call('list-users', flags, { format })
    assert.deepEqual(other.data, json.data, format)
    assert.equal(other.exitStatus, format === 'text' ? 0 : null, format)
  }
})

test('create, list and delete round-trip through the server', async () => {
  const domain = 'example.com'
  const to = ['alice@example.com', 'bob@example.com']
  await client.call('create-alias', { domain, from: 'node-test', to })

  const listed = await client.call('list-aliases', { domain, multiline: true })
  const alias = listed.records.find((record) => record.name.startsWith('node-test@'))
  assert.ok(alias, JSON.stringify(listed.records.map((r) => r.name)))
  assert.deepEqual(alias.values.to, to)

  await client.call('delete-alias', { domain, from: 'node-test' })
  const after = await client.call('list-aliases', { domain, multiline: true })
  assert.ok(!after.records.some((record) => record.name.startsWith('node-test@')))
})

test('a program that prints text resolves with output and no data', async () => {
  for (const format of ['json', 'text']) {
    const from = `node-text-${format}`
    const result = await client.call(
      'create-alias',
      { domain: 'example.com', from, to: 'carol@example.com' },
      { format }
    )
    assert.equal(result.data, null)
    assert.deepEqual(result.records, [])
    assert.equal(result.output, `Alias for ${from}@example.com created successfully\n`)
    assert.equal(result.exitStatus, format === 'text' ? 0 : null)
    await client.call('delete-alias', { domain: 'example.com', from })
  }
})

test('pairs and records side by side: get-command', async () => {
  const result = await client.call('get-command', { command: 'list-domains' })
  assert.deepEqual(result.data[0], { name: 'Description', value: 'Lists all virtual servers.' })
  const multiline = result.records.find((record) => record.name === 'multiline')
  assert.deepEqual(multiline.values.binary, ['Yes'])
  assert.ok(!result.records.includes(result.data[0]), 'a pair is not a record')
})

test('the JavaScript example runs against the test server', async () => {
  const example = path.join(__dirname, '..', 'examples', 'basic.js')
  const env = {
    ...process.env,
    VIRTUALMIN_URL: server.url,
    VIRTUALMIN_FINGERPRINT: server.fingerprint,
    VIRTUALMIN_PASSWORD: server.password,
  }
  const { err, stdout, stderr } = await new Promise((resolve) =>
    execFile(process.execPath, [example, 'example.com'], { env }, (err, stdout, stderr) =>
      resolve({ err, stdout, stderr })
    )
  )
  assert.equal(err, null, stderr)
  assert.match(stdout, /^example\.com\t\/home\/example$/m)
  assert.match(stdout, /^aliases of example\.com: .*orders@example\.com/m)
  assert.match(stdout, /VMR_PROGRAM: Virtual server nosuch\.example does not exist/)
})
