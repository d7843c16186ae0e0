// The errors made on the JavaScript side, shaped like the addon's (which builds every error of
// the table in Rust), and waiting on a promise that an AbortSignal can cut short.
'use strict'

const native = require('./native')

/** Every `err.code` this library uses, by kind name (`Usage` → `VMR_USAGE`), frozen. */
const ERROR_CODES = Object.freeze(
  Object.fromEntries(native.errorCodes().map(({ kind, code }) => [kind, code]))
)

/**
 * True when `err` is an error of this library (its `code` is one of {@link ERROR_CODES}).
 *
 * @param {unknown} err
 * @returns {boolean}
 */
function isVirtualminError(err) {
  return err instanceof Error && Object.values(ERROR_CODES).includes(/** @type {any} */ (err).code)
}

/** A usage error found here rather than in the addon. */
function usageError(message) {
  return Object.assign(new Error(`Usage error: ${message}`), { code: 'VMR_USAGE', kind: 'Usage' })
}

/** The rejection of an aborted call: named and coded like Node's own `AbortError`. */
function abortError(signal) {
  const err = new Error('The operation was aborted', { cause: signal.reason })
  err.name = 'AbortError'
  err.code = 'ABORT_ERR'
  return err
}

/**
 * Starts native work that takes an AbortSignal, and lets `signal` (the caller's) stop the wait.
 *
 * NB: napi's AbortSignal support sets `onabort` on the signal it is given and can only cancel
 * work that has not started, so `start` gets a private signal of ours, and the wait for work
 * already running is cut short here. That work runs on until it ends or times out (the core's
 * I/O is blocking); its result is dropped.
 *
 * @template T
 * @param {(signal?: AbortSignal) => Promise<T>} start
 * @param {AbortSignal | undefined | null} signal
 * @returns {Promise<T>}
 */
function withSignal(start, signal) {
  if (signal == null) {
    return start()
  }
  if (!(signal instanceof AbortSignal)) {
    return Promise.reject(usageError('the signal option must be an AbortSignal'))
  }
  if (signal.aborted) {
    return Promise.reject(abortError(signal))
  }
  const controller = new AbortController()
  const running = start(controller.signal)
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      controller.abort()
      reject(abortError(signal))
    }
    signal.addEventListener('abort', onAbort, { once: true })
    running.then(
      (result) => {
        signal.removeEventListener('abort', onAbort)
        resolve(result)
      },
      (err) => {
        signal.removeEventListener('abort', onAbort)
        reject(err)
      }
    )
  })
}

module.exports = { ERROR_CODES, isVirtualminError, usageError, abortError, withSignal }
