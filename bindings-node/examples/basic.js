// Lists the domains of a Virtualmin server, adds a mail alias and removes it again.
//
//   VIRTUALMIN_URL=https://vm.example.net:10000 VIRTUALMIN_FINGERPRINT=AA:BB:... \
//   VIRTUALMIN_PASSWORD=... node examples/basic.js [domain]
//
// Without VIRTUALMIN_FINGERPRINT the server's certificate must chain to the system's roots.
'use strict'

const { Client, fingerprint } = require('virtualmin-remote')

async function main() {
  const url = process.env.VIRTUALMIN_URL ?? 'https://localhost:10000'
  const pin = process.env.VIRTUALMIN_FINGERPRINT
  if (!pin) {
    console.error(`no pin given; ${url} presents ${await fingerprint(url)}`)
  }
  const client = new Client({
    url,
    user: process.env.VIRTUALMIN_USER ?? 'root',
    password: process.env.VIRTUALMIN_PASSWORD,
    fingerprint: pin,
    timeoutMs: 60_000,
  })
  console.log('connected as', client)

  const domains = await client.call('list-domains', { multiline: true })
  for (const domain of domains.records) {
    console.log(`${domain.name}\t${domain.values.home_directory?.[0] ?? '?'}`)
  }

  const domain = process.argv[2] ?? domains.records[0]?.name
  await client.call('create-alias', {
    domain,
    from: 'orders',
    to: ['alice@example.com', 'bob@example.com'],
  })
  const aliases = await client.call('list-aliases', { domain, multiline: true })
  console.log(`aliases of ${domain}: ${aliases.records.map((alias) => alias.name).join(', ')}`)
  await client.call('delete-alias', { domain, from: 'orders' })

  try {
    await client.call('create-alias', { domain: 'nosuch.example', from: 'x', to: 'y@example.com' })
  } catch (err) {
    // A failed program is an error with its own fields, never a success to grep.
    console.log(`${err.code}: ${err.errorLine}`)
  }
}

main().catch((err) => {
  console.error(`${err.code ?? err.name}: ${err.message}`)
  process.exitCode = 1
})
