// Runs one program on several Virtualmin servers at once and prints what each answered, then
// asks them all again and reports which answered first.
//
//   VIRTUALMIN_SERVERS=servers.json node examples/fleet.js
//
// servers.json names the servers and holds the options of each one's Client:
//   {"vm1": {"url": "https://vm1.example.net:10000", "password": "...", "fingerprint": "AA:.."},
//    "vm2": {"url": "https://vm2.example.net:10000", "password": "...", "caFile": "ca.pem"}}
'use strict'

const fs = require('node:fs')

const { Client, Fleet } = require('virtualmin-remote')

async function main() {
  const servers = JSON.parse(fs.readFileSync(process.env.VIRTUALMIN_SERVERS, 'utf8'))
  const fleet = new Fleet(
    Object.entries(servers).map(([name, options]) => [
      name,
      // A dead or stuck server holds up its own slot only, and for no longer than this.
      new Client({ timeoutMs: 30_000, connectTimeoutMs: 5000, ...options }),
    ]),
    { maxInFlight: 8 }
  )

  // One result per server, in the fleet's order; a server that failed does not fail the rest.
  for (const result of await fleet.call('list-domains', { 'name-only': true })) {
    const took = `${Math.round(result.elapsedMs)} ms`
    if (result.ok) {
      console.log(`${result.server}\tok\t${result.response.data.length} domains\t${took}`)
    } else {
      console.log(`${result.server}\t${result.error.code}\t${result.error.message}`)
    }
  }

  // One promise per server, settled as soon as that server answers.
  const each = fleet.callEach('info')
  const first = await Promise.any(
    Object.entries(each).map(([name, answer]) => answer.then(() => name))
  )
  console.log(`first to answer: ${first}`)
  await Promise.allSettled(Object.values(each))
}

main().catch((err) => {
  console.error(`${err.code ?? err.name}: ${err.message}`)
  process.exitCode = 1
})
