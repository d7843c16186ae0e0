// How JavaScript flags become remote.cgi parameters: the encodings table through `preview`, the
// mapping rules of values, the usage errors for what cannot be a flag, and the same bodies on
// the wire as the test server received them.
'use strict'

const assert = require('node:assert/strict')
const { after, before, describe, test } = require('node:test')

const { Client } = require('..')
const { contract, startServer } = require('./server')

const encodings = contract('encodings.json')
// A closed port: a call that got as far as connecting would fail with VMR_CONNECT, so a
// VMR_USAGE from it proves the check ran before any I/O.
const offline = new Client({ url: 'https://127.0.0.1:9', password: 'pw', insecure: true })

/** The table's `["name", ""]` bare flags written the JavaScript way, as `true`. */
function asJs(args) {
  return args.map(([name, value]) => [name, value === '' ? true : value])
}

describe('the encodings table through preview', () => {
  for (const c of encodings.valid) {
    test(`valid: ${c.program} as ${c.format} gives ${c.body}`, () => {
      const raw = offline.preview(c.program, c.args, { format: c.format })
      assert.equal(raw.body, c.body)
      assert.equal(offline.preview(c.program, asJs(c.args), { format: c.format }).body, c.body)
    })
  }

  for (const c of encodings.invalid) {
    test(`invalid: ${JSON.stringify([c.program, c.args])} names ${c.flag}`, async () => {
      assert.throws(() => offline.preview(c.program, c.args), { code: 'VMR_USAGE', flag: c.flag })
      await assert.rejects(offline.call(c.program, c.args), { code: 'VMR_USAGE', flag: c.flag })
    })
  }
})

describe('flag values', () => {
  // NB: a program that lists nothing, so that the client adds no `multiline` of its own.
  const body = (flags) => offline.preview('modify-domain', flags).body

  test('true is a bare flag and false, null, undefined leave the flag out', () => {
    const flags = { multiline: true, 'name-only': false, domain: null, user: undefined }
    assert.equal(body(flags), 'program=modify-domain&multiline=&json=1')
  })

  test('an array repeats the flag in order', () => {
    assert.equal(
      offline.preview('create-alias', { from: 'info', to: ['b@x.org', 'a@x.org'] }).body,
      'program=create-alias&from=info&to=b%40x.org&to=a%40x.org&json=1'
    )
  })

  test('numbers and bigints are sent as JavaScript prints them', () => {
    assert.equal(
      body({ a: 5, b: 1.5, c: -0.25, d: 1e21, e: 12345678901234567890n }),
      'program=modify-domain&a=5&b=1.5&c=-0.25&d=1e%2B21&e=12345678901234567890&json=1'
    )
  })

  test('pairs keep an order that interleaves repeated flags', () => {
    const pairs = [
      ['to', 'a'],
      ['domain', 'x.org'],
      ['to', 'b'],
      ['multiline', true],
    ]
    assert.equal(body(pairs), 'program=modify-domain&to=a&domain=x.org&to=b&multiline=&json=1')
  })

  test('no flags, null and undefined all send the program alone', () => {
    for (const flags of [undefined, null, {}, []]) {
      assert.equal(body(flags), 'program=modify-domain&json=1')
    }
  })

  test('the format option and the client default choose the format key', () => {
    const xml = new Client({ url: 'https://127.0.0.1:9', insecure: true, format: 'xml' })
    assert.equal(xml.preview('modify-domain').body, 'program=modify-domain&xml=1')
    assert.equal(xml.preview('modify-domain', {}, { format: 'text' }).body, 'program=modify-domain')
    assert.throws(() => xml.preview('modify-domain', {}, { format: 'yaml' }), { code: 'VMR_USAGE' })
  })

  test('list programs get a bare multiline, unless listing flag or autoMultiline off', () => {
    assert.equal(offline.preview('list-domains').body, 'program=list-domains&multiline=&json=1')
    assert.equal(
      offline.preview('list-domains', { 'name-only': true }).body,
      'program=list-domains&name-only=&json=1'
    )
    const plain = new Client({ url: 'https://127.0.0.1:9', insecure: true, autoMultiline: false })
    assert.equal(plain.preview('list-domains').body, 'program=list-domains&json=1')
  })

  test('checkMode strict refuses a flag the catalog does not know, naming it', () => {
    const strict = new Client({ url: 'https://127.0.0.1:9', insecure: true, checkMode: 'strict' })
    assert.throws(() => strict.preview('list-domains', { 'no-such-flag': true }), {
      code: 'VMR_USAGE',
    })
    assert.equal(
      offline.preview('list-domains', { 'no-such-flag': true }).body.includes('no-such-flag='),
      true
    )
  })

  const wrong = {
    'an object': {},
    'a function': () => 1,
    'a symbol': Symbol('s'),
    'a nested array': [['a']],
    NaN: NaN,
    Infinity: Infinity,
    'a Date': new Date(0),
  }
  for (const [what, value] of Object.entries(wrong)) {
    test(`${what} is a usage error naming the flag, thrown and rejected`, async () => {
      assert.throws(() => body({ domain: 'x.org', bad: value }), { code: 'VMR_USAGE', flag: 'bad' })
      await assert.rejects(offline.call('modify-domain', [['bad', value]]), {
        code: 'VMR_USAGE',
        flag: 'bad',
      })
    })
  }

  test('flags that are neither an object nor pairs are a usage error', async () => {
    for (const flags of ['multiline', 5, true, [['a']], ['a'], [[1, 'x']], [['a', 'b', 'c']]]) {
      assert.throws(() => body(flags), { code: 'VMR_USAGE' }, JSON.stringify(flags))
      await assert.rejects(offline.call('modify-domain', flags), { code: 'VMR_USAGE' })
    }
  })

  test('a program name that is not a string is a usage error naming program', async () => {
    assert.throws(() => offline.preview(42), { code: 'VMR_USAGE', flag: 'program' })
    await assert.rejects(offline.call(undefined), { code: 'VMR_USAGE', flag: 'program' })
  })
})

describe('on the wire', () => {
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

  for (const c of encodings.valid) {
    test(`the server receives ${c.body}`, async () => {
      await server.reset()
      // Some of these programs fail on the server (that is not the point here); the request
      // it received is.
      await client.call(c.program, asJs(c.args), { format: c.format }).catch(() => {})
      const [request] = await server.requests()
      assert.equal(request.method, 'POST')
      assert.equal(request.path, '/virtual-server/remote.cgi')
      assert.equal(request.content_type, 'application/x-www-form-urlencoded')
      assert.equal(request.query, null)
      assert.equal(request.body, c.body)
      assert.equal(request.auth_user, 'root')
    })
  }

  test('GET puts every parameter in the query and sends no body', async () => {
    await server.reset()
    const get = new Client({
      url: server.url,
      password: server.password,
      fingerprint: server.fingerprint,
      method: 'GET',
    })
    await get.call('list-domains', { 'name-only': true, domain: ['example.com', 'test.org'] })
    const [request] = await server.requests()
    assert.equal(request.method, 'GET')
    assert.equal(request.body, null)
    assert.equal(
      request.query,
      'program=list-domains&name-only=&domain=example.com&domain=test.org&json=1'
    )
  })

  test('preview shows the body the server receives, with secret values masked', async () => {
    await server.reset()
    const flags = { domain: 'example.com', from: 'preview', to: ['a@x.org', 'b@x.org'] }
    await client.call('create-alias', flags)
    const [request] = await server.requests()
    assert.equal(client.preview('create-alias', flags).body, request.body)
    await client.call('delete-alias', { domain: 'example.com', from: 'preview' })
  })
})
