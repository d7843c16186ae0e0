// The package as users get it: `npm pack`, installed from the tarball into a fresh project,
// loads with `require` and with `import`, and ships its types.
'use strict'

const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { after, before, test } = require('node:test')

const PACKAGE = path.join(__dirname, '..')
let project

before(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'vmr-node-pack-'))
  const npm = (args, cwd) =>
    execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd,
      encoding: 'utf8',
    })
  const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', project], PACKAGE))
  fs.writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'pack-check', version: '1.0.0', private: true })
  )
  // The package has no dependencies, so this needs no registry.
  npm(['install', '--offline', path.join(project, packed.filename)], project)
})
after(() => fs.rmSync(project, { recursive: true, force: true }))

const node = (args) => execFileSync(process.execPath, args, { cwd: project, encoding: 'utf8' })
const SCRIPT = `
  const client = new Client({ url: 'https://127.0.0.1:9', password: 'pw', insecure: true })
  console.log(client.preview('create-alias', { from: 'a', to: ['b', 'c'] }).body)
  console.log(typeof fingerprint, Object.keys(ERROR_CODES).length)
  console.log(Catalog.bundled().programs().length, new Fleet({ vm1: client }).names.join())
`
const EXPECTED = 'program=create-alias&from=a&to=b&to=c&json=1\nfunction 10\n159 vm1\n'

test('the tarball holds the entry points, types and addon, and no sources or tests', () => {
  const installed = path.join(project, 'node_modules', 'virtualmin-remote')
  const files = fs.readdirSync(installed).sort()
  for (const file of [
    'index.js',
    'index.mjs',
    'index.d.ts',
    'native.d.ts',
    'lib',
    'package.json',
  ]) {
    assert.ok(files.includes(file), `${file} in ${files}`)
  }
  assert.ok(
    files.some((file) => file.endsWith('.node')),
    'the native addon'
  )
  for (const file of ['src', 'test', 'Cargo.toml', 'node_modules']) {
    assert.ok(!files.includes(file), `${file} should not be packed`)
  }
})

test('require works from an installed tarball', () => {
  const out = node([
    '-e',
    `const { Catalog, Client, Fleet, fingerprint, ERROR_CODES } = require('virtualmin-remote')
     ${SCRIPT}`,
  ])
  assert.equal(out, EXPECTED)
})

test('import works from an installed tarball, named and default', () => {
  const out = node([
    '--input-type=module',
    '-e',
    `import { Catalog, Client, Fleet, fingerprint, ERROR_CODES } from 'virtualmin-remote'
     import vmr from 'virtualmin-remote'
     if (vmr.Client !== Client) throw new Error('two different Client classes')
     ${SCRIPT}`,
  ])
  assert.equal(out, EXPECTED)
})
