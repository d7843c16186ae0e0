// Loads the native addon built for this platform (`virtualmin-remote.<platform>-<arch>[-abi].node`
// next to package.json), once, for every module of the package.
'use strict'

const path = require('node:path')

function loadNative() {
  const { platform, arch } = process
  const abis = { linux: ['-gnu', '-musl'], win32: ['-msvc'] }[platform] ?? ['']
  const errors = []
  for (const abi of abis) {
    const file = path.join(__dirname, '..', `virtualmin-remote.${platform}-${arch}${abi}.node`)
    try {
      return require(file)
    } catch (err) {
      errors.push(err)
    }
  }
  throw new Error(
    `virtualmin-remote: no native addon for ${platform}-${arch} could be loaded ` +
      '(build it with `npm run build`)',
    { cause: errors.length === 1 ? errors[0] : new AggregateError(errors) }
  )
}

module.exports = loadNative()
