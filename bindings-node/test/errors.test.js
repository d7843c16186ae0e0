// Every kind of the contract table (tests/contract/error_kinds.json) reaches JavaScript as a
// rejected promise whose reason is an `Error` with the table's `code`, from the situation that
// should produce it, and with the fields that kind carries.
'use strict'

const assert = require('node:assert/strict')
const net = require('node:net')
const { after, before, describe, test } = require('node:test')

const { Client, ERROR_CODES, fingerprint, isVirtualminError } = require('..')
const { contract, startServer } = require('./server')

const table = contract('error_kinds.json').kinds
const WRONG_PIN = Array(32).fill('00').join(':')

/** A port nothing listens on: bound, then closed again. */
async function closedPort() {
  const listener = net.createServer()
  await new Promise((resolve) => listener.listen(0, '127.0.0.1', resolve))
  const { port } = listener.address()
  await new Promise((resolve) => listener.close(resolve))
  return port
}

let server
let blocking
const client = (options = {}) =>
  new Client({
    url: server.url,
    password: server.password,
    fingerprint: server.fingerprint,
    ...options,
  })

/**
 * The situations that must produce each kind, as `[description, () => rejected promise,
 * fields the error must have]`. Every kind of the table needs at least one.
 */
const cases = {
  Usage: [
    ['a program name with capitals', () => client().call('List-Domains'), { flag: 'program' }],
    [
      'a flag value of the wrong type',
      () => client().call('list-domains', { x: {} }),
      { flag: 'x' },
    ],
  ],
  Connect: [
    [
      'a closed port',
      async () => {
        const url = `https://127.0.0.1:${await closedPort()}`
        return new Client({ url, password: 'pw', insecure: true }).call('list-domains')
      },
      {},
    ],
  ],
  Timeout: [
    [
      'a server that never answers, timeoutMs 300',
      async () => {
        await server.knobs({ fault: 'stall', fault_count: 1 })
        return client({ timeoutMs: 300 }).call('list-domains')
      },
      {},
    ],
    [
      'a reply delayed past timeoutMs',
      async () => {
        await server.knobs({ delay_ms: 1500 })
        return client({ timeoutMs: 300 }).call('list-domains')
      },
      {},
    ],
  ],
  Tls: [
    [
      'a certificate that does not match the pin',
      () => client({ fingerprint: WRONG_PIN }).call('list-domains'),
      {},
    ],
    [
      'a self-signed certificate checked against the system roots',
      () => new Client({ url: server.url, password: server.password }).call('list-domains'),
      {},
    ],
  ],
  Auth: [
    [
      'a wrong password',
      () => client({ password: 'not-the-password' }).call('list-domains'),
      { httpStatus: 401 },
    ],
    [
      'a two-factor account',
      () => client({ user: 'twofa' }).call('list-domains'),
      { httpStatus: 401, reason: 'twofactor-required' },
    ],
  ],
  Blocked: [
    [
      'the right password after the address was blocked',
      async () => {
        // With --block-after 1 the first failure blocks the address (and may itself be
        // answered as blocked); after it even the right password is refused.
        const options = { url: blocking.url, fingerprint: blocking.fingerprint }
        await assert.rejects(
          new Client({ ...options, password: 'not-the-password' }).call('list-domains'),
          { code: /^VMR_(AUTH|BLOCKED)$/ }
        )
        return new Client({ ...options, password: blocking.password }).call('list-domains')
      },
      { httpStatus: 403 },
    ],
  ],
  Refused: [
    ['an unknown program', () => client().call('no-such-program'), {}],
    [
      'a user who may not use the API',
      () => client({ user: 'vmlimited' }).call('list-domains'),
      {},
    ],
  ],
  ProgramFailed: [
    [
      'create-alias on a missing domain (JSON)',
      () => client().call('create-alias', { domain: 'nosuch.example', from: 'a', to: 'b@x.org' }),
      { errorLine: 'Virtual server nosuch.example does not exist' },
    ],
    [
      'create-alias on a missing domain (text)',
      () =>
        client({ format: 'text' }).call('create-alias', {
          domain: 'nosuch.example',
          from: 'a',
          to: 'b@x.org',
        }),
      { errorLine: 'Virtual server nosuch.example does not exist', exitStatus: 256 },
    ],
  ],
  Http: [
    [
      'a status 500 reply',
      async () => {
        await server.knobs({ fault: 'status-500', fault_count: 1 })
        return client().call('list-domains')
      },
      { httpStatus: 500 },
    ],
  ],
  Protocol: [
    [
      'a garbage reply',
      async () => {
        await server.knobs({ fault: 'garbage', fault_count: 1 })
        return client().call('list-domains')
      },
      {},
    ],
    [
      'a reply cut off mid-body',
      async () => {
        await server.knobs({ fault: 'close-mid-body', fault_count: 1 })
        return client().call('list-domains')
      },
      {},
    ],
  ],
}

before(async () => {
  server = await startServer(['--seed'])
  blocking = await startServer(['--block-after', '1', '--block-seconds', '60'])
})
after(() => Promise.all([server.stop(), blocking.stop()]))

test('ERROR_CODES is the table, kind for kind', () => {
  assert.deepEqual(ERROR_CODES, Object.fromEntries(table.map((row) => [row.kind, row.js_code])))
  assert.ok(Object.isFrozen(ERROR_CODES))
})

for (const row of table) {
  describe(`${row.kind} → ${row.js_code}`, () => {
    test('has at least one case', () => {
      assert.ok(cases[row.kind]?.length > 0, `no case produces ${row.kind}`)
    })
    for (const [what, provoke, fields] of cases[row.kind] ?? []) {
      test(`from ${what}`, async () => {
        await server.reset()
        const err = await provoke().then(
          (result) => assert.fail(`resolved instead: ${JSON.stringify(result).slice(0, 200)}`),
          (err) => err
        )
        assert.ok(err instanceof Error, 'an Error instance')
        assert.equal(err.code, row.js_code, err.message)
        assert.equal(err.kind, row.kind)
        assert.ok(isVirtualminError(err))
        assert.match(err.message, new RegExp(`^${row.kind} error: `))
        for (const [name, value] of Object.entries(fields)) {
          assert.equal(err[name], value, `err.${name}`)
        }
        if (row.kind === 'ProgramFailed') {
          assert.match(err.output, /does not exist/)
        }
        if (!('httpStatus' in fields)) {
          // Only kinds that got a reply carry an HTTP status.
          if (['Usage', 'Connect', 'Timeout', 'Tls'].includes(row.kind)) {
            assert.equal(err.httpStatus, undefined)
          }
        }
      })
    }
  })
}

describe('synchronous throws carry codes too', () => {
  test('a bad option throws VMR_USAGE from the constructor', () => {
    for (const options of [
      undefined,
      'https://x',
      {},
      { url: 'ftp://x' },
      { url: 'https://x', timeoutMs: 0 },
      { url: 'https://x', timeoutMs: '5' },
      { url: 'https://x', timeout: 5 },
      { url: 'https://x', fingerprint: 'AB:CD' },
      { url: 'https://x', fingerprint: WRONG_PIN, insecure: true },
      { url: 'https://x', caFile: '/nonexistent/ca.pem' },
      { url: 'https://x', method: 'PUT' },
      { url: 'https://x', format: 'yaml' },
      { url: 'https://x', user: 'root' },
    ]) {
      assert.throws(
        () => new Client(options),
        { code: 'VMR_USAGE', kind: 'Usage' },
        JSON.stringify(options)
      )
    }
  })

  test('fingerprint() rejects: VMR_CONNECT for a closed port, VMR_USAGE for http://', async () => {
    await assert.rejects(fingerprint(`https://127.0.0.1:${await closedPort()}`), {
      code: 'VMR_CONNECT',
    })
    await assert.rejects(fingerprint('http://127.0.0.1:1'), { code: 'VMR_USAGE' })
    await assert.rejects(fingerprint(undefined), { code: 'VMR_USAGE' })
    await assert.rejects(fingerprint('https://127.0.0.1:1', { timeoutMs: 'soon' }), {
      code: 'VMR_USAGE',
    })
  })

  test('fingerprint() resolves with the pin the server printed', async () => {
    assert.equal(await fingerprint(server.url, { timeoutMs: 5000 }), server.fingerprint)
  })
})
