// Starts the test server (tests/server) for one test file and talks to its control endpoints.
//
// The server runs with --exit-on-stdin-eof and a pipe as its stdin, so it dies with the test
// process even if a test crashes before `stop()`. The control endpoints need no auth and are
// test-only, so their HTTPS client skips certificate checks; the client under test never does.
'use strict'

const { spawn } = require('node:child_process')
const fs = require('node:fs')
const https = require('node:https')
const http = require('node:http')
const path = require('node:path')
const readline = require('node:readline')

const { secret } = require('./collect')

const ROOT = path.resolve(__dirname, '..', '..')
const BINARY =
  process.env.VMR_TESTSERVER ?? path.join(ROOT, 'target', 'debug', 'virtualmin-remote-testserver')

/** Reads one of the tables in tests/contract/. */
function contract(name) {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'contract', name), 'utf8'))
}

/**
 * Starts a server with `args` (`['--seed']`, `['--block-after', '1']`, ...) and resolves with
 * what it printed plus helpers.
 */
async function startServer(args = []) {
  if (!fs.existsSync(BINARY)) {
    throw new Error(`${BINARY} is missing: cargo build -p virtualmin-remote-testserver`)
  }
  const child = spawn(BINARY, ['--exit-on-stdin-eof', '--max-seconds', '600', ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const info = await new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout })
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`test server exited (${code}) before start`)))
    lines.once('line', (line) => {
      lines.close()
      resolve(JSON.parse(line))
    })
  })
  child.removeAllListeners('exit')
  // For the secret scan of the whole run (test/collect.js; does nothing outside of it).
  secret(info.password)

  const control = (endpoint) => get(`${info.url}/_testserver/${endpoint}`)
  return {
    ...info,
    /** Sets fault knobs: `{delay_ms: 500}`, `{fault: 'garbage', fault_count: 1}`, ... */
    knobs: (settings) => control(`knobs?${new URLSearchParams(settings)}`),
    stats: () => control('stats'),
    requests: () => control('requests'),
    /** Clears the log, the counters and the knobs (state is re-seeded when seeded). */
    reset: async () => {
      await control('knobs?delay_ms=0&fault=none')
      return control('reset')
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.stdin.end()
        child.kill()
      }),
  }
}

/** GETs a control endpoint and parses its JSON answer. */
function get(url) {
  const client = url.startsWith('https:') ? https : http
  return new Promise((resolve, reject) => {
    const request = client.get(url, { rejectUnauthorized: false, agent: false }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk) => (body += chunk))
      response.on('end', () => {
        try {
          resolve(JSON.parse(body))
        } catch (err) {
          reject(new Error(`${url}: ${response.statusCode} ${body.slice(0, 200)}`))
        }
      })
    })
    request.on('error', reject)
  })
}

module.exports = { startServer, contract, ROOT }
