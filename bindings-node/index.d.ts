// Types of the public API (index.js / index.mjs). Written by hand: the native addon's own
// declarations are generated into native.d.ts by the napi CLI.

/** The reply format asked of remote.cgi; every format decodes to the same result. */
export type Format = 'json' | 'json-minified' | 'text' | 'xml' | 'perl'

/** Options of {@link Client}. Unknown keys are refused (a typo must not fall back silently). */
export interface ClientOptions {
  /** The server's base URL, `https://host:10000` (a path prefix is kept; no credentials). */
  url: string
  /** The Webmin user (default `root` when a password is given). */
  user?: string
  /** The user's password. Kept inside the native client only; never shown by inspect/JSON. */
  password?: string
  /**
   * Accept exactly the certificate with this SHA-256 fingerprint (`AA:BB:...`, hex with or
   * without colons): what a self-signed Webmin certificate needs. See {@link fingerprint}.
   */
  fingerprint?: string
  /** Verify the server against the CA certificates in this PEM file instead of the system's. */
  caFile?: string
  /** DANGEROUS: accept any certificate. Anyone on the network path can read the password. */
  insecure?: boolean
  /** Deadline of a whole call in milliseconds, connect to last byte (default 300 000). */
  timeoutMs?: number
  /** Deadline of opening the connection in milliseconds (default 10 000). */
  connectTimeoutMs?: number
  /** `POST` (default: every parameter in the body) or `GET` (parameters in the logged URL). */
  method?: 'POST' | 'GET' | 'post' | 'get'
  /** The reply format asked for unless a call chooses its own (default `json`). */
  format?: Format
  /** Talk to Cloudmin's API (`/server-manager/remote.cgi`) instead of Virtualmin's. */
  cloudmin?: boolean
  /** Refuse replies larger than this many bytes (default 256 MiB). */
  maxReplyBytes?: number
  /**
   * What to do with a call that does not match the bundled catalog of programs and flags:
   * `warn` (default: send it anyway), `strict` (refuse it with `VMR_USAGE`), `off`.
   */
  checkMode?: 'off' | 'warn' | 'strict'
  /**
   * Add a bare `multiline` to list programs called without a listing flag, so that they return
   * one record per item instead of table lines (default `true`).
   */
  autoMultiline?: boolean
  /**
   * How many times to retry a call that could not connect (default 0). Only programs that
   * change nothing are retried; auth failures never are.
   */
  retries?: number
}

/**
 * One flag's value: a string as it is, a number or bigint as `String(n)`, `true` a bare flag,
 * `false` / `null` / `undefined` leave it out, an array repeats the flag once per element.
 */
export type FlagValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | undefined
  | ReadonlyArray<string | number | bigint | boolean | null | undefined>

/**
 * A program's flags, without leading dashes: an object (`{domain: 'a.com', multiline: true}`)
 * or `[name, value]` pairs in the order they are sent.
 */
export type Flags =
  { readonly [name: string]: FlagValue } | ReadonlyArray<readonly [string, FlagValue]>

/** Options of one {@link Client.call}. */
export interface CallOptions {
  /**
   * Stops waiting: the promise rejects at once with an `AbortError` (`code` `ABORT_ERR`). A
   * call not yet started is not sent; one already sent runs on in the background until it
   * ends or the client's timeout passes, and its result is dropped.
   */
  signal?: AbortSignal
  /** This call's reply format instead of the client's. */
  format?: Format
}

/** One record of a multiline listing: `values` maps each lower-cased key to its values. */
export interface ApiRecord {
  name: string
  values: { [key: string]: string[] }
}

/** The decoded reply of a successful call. A failed program rejects instead. */
export interface CallResult {
  /** The program that ran. */
  program: string
  /** Always `success`: failures are rejections. */
  status: 'success'
  /**
   * The structured result: a list of records, of `{name, value}` pairs, of plain strings
   * (`name-only`, `id-only`), or a program's special shape; `null` when the program printed
   * text instead (see `output`).
   */
  data: unknown
  /** The items of `data` that are records (the same objects), or `[]`. */
  records: ApiRecord[]
  /** The program's text output when it printed text rather than data, else `null`. */
  output: string | null
  /** The exit status of a plain-text reply (`0`); `null` for JSON, XML and Perl. */
  exitStatus: number | null
}

/** A request as it would be sent, with the password and secret values as `***`. */
export interface Preview {
  method: 'POST' | 'GET'
  /** The URL; with GET it carries the (masked) parameters. */
  url: string
  /** The headers that matter, Authorization masked. */
  headers: { [name: string]: string }
  /** The (masked) form body of a POST, `null` for GET. */
  body: string | null
  /** The same call as the local `virtualmin` command takes it. */
  commandLine: string
  /** All of the above as readable text. */
  text: string
}

/** `err.code` of every error this library throws or rejects with (DESIGN §4). */
export type ErrorCode =
  | 'VMR_USAGE'
  | 'VMR_CONNECT'
  | 'VMR_TIMEOUT'
  | 'VMR_TLS'
  | 'VMR_AUTH'
  | 'VMR_BLOCKED'
  | 'VMR_REFUSED'
  | 'VMR_PROGRAM'
  | 'VMR_HTTP'
  | 'VMR_PROTOCOL'

/** The kind names of the core, as `err.kind` holds them. */
export type ErrorKind =
  | 'Usage'
  | 'Connect'
  | 'Timeout'
  | 'Tls'
  | 'Auth'
  | 'Blocked'
  | 'Refused'
  | 'ProgramFailed'
  | 'Http'
  | 'Protocol'

/** An error of this library. Fields other than `code` and `kind` are present where they apply. */
export interface VirtualminError extends Error {
  code: ErrorCode
  kind: ErrorKind
  /** Usage: the flag (or `program`) at fault. */
  flag?: string
  /** The HTTP status of the reply, where one was received. */
  httpStatus?: number
  /** ProgramFailed in plain-text mode: the raw wait status (`256` for `exit(1)`). */
  exitStatus?: number
  /** ProgramFailed: the first non-blank line the program printed (its error message). */
  errorLine?: string
  /** ProgramFailed: everything the program printed. */
  output?: string
  /** Auth: the server's reason where it gave one (`twofactor-required`). */
  reason?: string
}

/** A connection to one Virtualmin server's remote API. */
export declare class Client {
  /**
   * Checks the options; nothing is sent yet.
   * @throws {VirtualminError} `VMR_USAGE` for a bad option, `VMR_TLS` if TLS cannot be set up.
   */
  constructor(options: ClientOptions)
  /** The API's URL (`https://host:10000/virtual-server/remote.cgi`). */
  readonly url: string
  /** The user name sent, or `null` without credentials. */
  readonly user: string | null
  /**
   * Runs `program` with `flags` off the event loop and resolves with the decoded result.
   * Rejects with a {@link VirtualminError} (a failed program is `VMR_PROGRAM`), or with an
   * `AbortError` (`code` `ABORT_ERR`) when `options.signal` aborts.
   */
  call(program: string, flags?: Flags | null, options?: CallOptions): Promise<CallResult>
  /**
   * The request `call` would send, with secrets masked. Sends nothing.
   * @throws {VirtualminError} `VMR_USAGE` for a bad program name or flag.
   */
  preview(program: string, flags?: Flags | null, options?: { format?: Format }): Preview
  /** The server and user, with the password as `***`. */
  toJSON(): { url: string; user: string | null; password: '***' | null }
}

/**
 * Connects to `url` and resolves with the SHA-256 fingerprint of the certificate it presents
 * (`AA:BB:...`), for pinning on first use. Only the TLS handshake happens: no credential is
 * sent. Compare it with the server's own before trusting it.
 */
export declare function fingerprint(url: string, options?: { timeoutMs?: number }): Promise<string>

/** True when `err` is an error of this library (its `code` is one of {@link ERROR_CODES}). */
export declare function isVirtualminError(err: unknown): err is VirtualminError

/** Every `err.code`, by kind name (`ERROR_CODES.ProgramFailed === 'VMR_PROGRAM'`). */
export declare const ERROR_CODES: Readonly<Record<ErrorKind, ErrorCode>>
