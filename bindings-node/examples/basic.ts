// The basic example in TypeScript; `npm run typecheck` checks it against index.d.ts with
// `tsc --noEmit --strict`, so the published types stay usable.
import {
  Client,
  ERROR_CODES,
  fingerprint,
  isVirtualminError,
  type CallResult,
  type Flags,
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

void main()
