// The basic example in TypeScript; `npm run typecheck` checks it against index.d.ts with
// `tsc --noEmit --strict`, so the published types stay usable.
import {
  Catalog,
  Client,
  ERROR_CODES,
  Fleet,
  fingerprint,
  isVirtualminError,
  type CallResult,
  type Flags,
  type Problem,
  type ProgramSpec,
  type ServerResult,
} from 'virtualmin-remote'

async function main(): Promise<void> {
  const url = process.env.VIRTUALMIN_URL ?? 'https://localhost:10000'
  const pin: string =
    process.env.VIRTUALMIN_FINGERPRINT ?? (await fingerprint(url, { timeoutMs: 5000 }))
  const client = new Client({ url, password: process.env.VIRTUALMIN_PASSWORD, fingerprint: pin })

  const listing: CallResult = await client.call('list-domains', { multiline: true })
  for (const record of listing.records) {
    const home: string | undefined = record.values['home_directory']?.[0]
    console.log(record.name, home ?? '?')
  }

  const flags: Flags = [
    ['domain', 'example.com'],
    ['from', 'orders'],
    ['to', 'alice@example.com'],
    ['to', 'bob@example.com'],
  ]
  console.log(client.preview('create-alias', flags).body)

  const controller = new AbortController()
  setTimeout(() => controller.abort(), 10_000)
  try {
    const names = await client.call(
      'list-domains',
      { 'name-only': true },
      { signal: controller.signal }
    )
    console.log(names.data as string[])
  } catch (err) {
    if (isVirtualminError(err) && err.code === ERROR_CODES.ProgramFailed) {
      console.error(err.errorLine, err.exitStatus)
    } else {
      throw err
    }
  }
}

/** The catalog and a fleet: a client per server, one call on all of them. */
async function fleetOf(servers: Record<string, string>, password: string): Promise<void> {
  const spec: ProgramSpec | null = Catalog.bundled().program('list-users')
  const switches = spec?.flags.filter((flag) => !flag.takesValue).map((flag) => flag.name)
  console.log(switches ?? [])

  const clients = Object.entries(servers).map(([name, url]): [string, Client] => [
    name,
    new Client({ url, password, checkMode: 'strict' }),
  ])
  const live: Catalog = await clients[0][1].liveCatalog()
  const problems: Problem[] = new Client({ url: servers.vm1, catalog: live }).check('info')
  console.log(problems.map((problem) => `${problem.kind}: ${problem.message}`))

  const fleet = new Fleet(clients, { maxInFlight: 4 })
  const results: ServerResult[] = await fleet.call('list-domains', { 'name-only': true })
  for (const result of results) {
    if (result.ok) {
      console.log(result.server, result.response.data, result.elapsedMs)
    } else {
      console.log(result.server, result.error.code, result.error.flag ?? '')
    }
  }
  const each: { [server: string]: Promise<CallResult> } = fleet.callEach('info', null, {
    servers: fleet.names.slice(0, 1),
  })
  console.log(await Promise.allSettled(Object.values(each)))
}

void main()
void fleetOf
