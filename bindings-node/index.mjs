// virtualmin-remote as an ES module: the same objects as the CommonJS entry point (index.js),
// so `import { Client } from 'virtualmin-remote'` and `require('virtualmin-remote')` agree.
import cjs from './index.js'

export const { Client, Catalog, Fleet, fingerprint, isVirtualminError, ERROR_CODES } = cjs
export default cjs
