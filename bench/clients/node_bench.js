// Node side of the benchmark harness: the virtualmin-remote package and the built-in `fetch`,
// timed in this process, one measurement per run. Prints one line of JSON for bench/run.py.
//
// The server comes from VMR_BENCH_URL, VMR_BENCH_CA (the CA file every client verifies
// against; fetch gets it through NODE_EXTRA_CA_CERTS, set by the harness) and
// VMR_BENCH_PASSWORD; VMR_BENCH_NODE_PKG is the directory of the package to load. Usage:
//
//   node_bench.js percall ours|fetch CALLS [new]
//   node_bench.js decode ours FORMAT CALLS       the multiline listing in FORMAT, converted
//   node_bench.js decode fetch json CALLS        fetch + JSON.parse of the same
//   node_bench.js parse FILE ITERATIONS          JSON.parse of a saved body
//   node_bench.js memory ours|fetch              one call against the huge fault
//   node_bench.js concurrency ours|fetch CALLS_IN_FLIGHT CALLS
'use strict'

const fs = require('node:fs')
const { performance } = require('node:perf_hooks')

const URL = process.env.VMR_BENCH_URL
const CA = process.env.VMR_BENCH_CA
const PASSWORD = process.env.VMR_BENCH_PASSWORD
const API = `${URL}/virtual-server/remote.cgi`
const AUTH = 'Basic ' + Buffer.from(`root:${PASSWORD}`).toString('base64')
// The same body our clients send for `list-domains --name-only` in JSON.
const NAMES_BODY = 'program=list-domains&name-only=&json=1'

function ours(format = 'json') {
  const { Client } = require(process.env.VMR_BENCH_NODE_PKG)
  const options = { url: URL, user: 'root', password: PASSWORD, caFile: CA, format }
  return new Client({ ...options, timeoutMs: 120000 })
}

async function oursNames(client) {
  const reply = await client.call('list-domains', { 'name-only': true })
  if (!Array.isArray(reply.data) || reply.data.length === 0) throw new Error('no names listed')
}

async function fetchJson(body) {
  const reply = await fetch(API, {
    method: 'POST',
    headers: { Authorization: AUTH, 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  })
  if (!reply.ok) throw new Error(`HTTP ${reply.status}`)
  return JSON.parse(await reply.text())
}

async function fetchNames() {
  const data = await fetchJson(NAMES_BODY)
  if (data.status !== 'success' || data.data.length === 0) throw new Error('no names listed')
}

const since = (start) => performance.now() - start

async function percall(which, calls, fresh) {
  const samples = []
  let client = which === 'ours' && !fresh ? ours() : null
  const one = which === 'ours' ? () => oursNames(fresh ? ours() : client) : fetchNames
  if (!fresh || which !== 'ours') await one()
  for (let i = 0; i < calls; i++) {
    const start = performance.now()
    await one()
    samples.push(since(start))
  }
  return { samples_ms: samples }
}

async function decode(which, format, calls) {
  const samples = []
  let records = 0
  const client = which === 'ours' ? ours(format) : null
  for (let i = 0; i < calls; i++) {
    const start = performance.now()
    if (client) {
      records = (await client.call('list-domains', { multiline: true })).records.length
    } else {
      records = (await fetchJson('program=list-domains&multiline=&json=1')).data.length
    }
    samples.push(since(start))
  }
  return { call_ms: samples, records }
}

function parse(path, iterations) {
  const raw = fs.readFileSync(path)
  const samples = []
  for (let i = 0; i < iterations; i++) {
    const start = performance.now()
    // NB: decoding the bytes is part of it: the binding gets bytes off the wire too.
    const data = JSON.parse(raw.toString('utf8'))
    samples.push(since(start))
    if (!data) throw new Error('nothing parsed')
  }
  return { bytes: raw.length, parse_ms: samples }
}

function statusKib(key) {
  const status = fs.readFileSync('/proc/self/status', 'utf8')
  const line = status.split('\n').find((l) => l.startsWith(key))
  return line ? Number(line.split(/\s+/)[1]) : 0
}

async function memory(which) {
  const client = which === 'ours' ? ours() : null
  const before = statusKib('VmRSS:')
  const start = performance.now()
  let records
  if (client) {
    records = (await client.call('list-domains', { multiline: true })).records.length
  } else {
    records = (await fetchJson('program=list-domains&multiline=&json=1')).data.length
  }
  const elapsed = since(start)
  return { records, rss_before_kib: before, peak_kib: statusKib('VmHWM:'), ms: elapsed }
}

async function concurrency(which, inFlight, calls) {
  const client = which === 'ours' ? ours() : null
  const one = client ? () => oursNames(client) : fetchNames
  await one()
  const start = performance.now()
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let i = 0; i < calls; i++) await one()
    })
  )
  return { elapsed_ms: since(start), calls: inFlight * calls }
}

async function main([mode, ...rest]) {
  let out
  if (mode === 'percall') out = await percall(rest[0], Number(rest[1]), rest[2] === 'new')
  else if (mode === 'decode') out = await decode(rest[0], rest[1], Number(rest[2]))
  else if (mode === 'parse') out = parse(rest[0], Number(rest[1]))
  else if (mode === 'memory') out = await memory(rest[0])
  else if (mode === 'concurrency') {
    out = await concurrency(rest[0], Number(rest[1]), Number(rest[2]))
  }
  else throw new Error(`unknown mode ${mode}`)
  console.log(JSON.stringify(out))
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err)
  process.exit(1)
})
