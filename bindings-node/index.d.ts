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
  /**
   * The catalog calls are checked against (default {@link Catalog.bundled}): for instance a
   * server's own, from {@link Client.liveCatalog} of another client.
   */
  catalog?: Catalog
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
  /** The catalog calls are checked against (the same object each time). */
  readonly catalog: Catalog
  /**
   * The mistakes the client's catalog finds in the call as it would be sent (`multiline` added
   * where the client adds it), whatever the check mode. Sends nothing.
   * @throws {VirtualminError} `VMR_USAGE` for flags that cannot be read.
   */
  check(program: string, flags?: Flags | null): Problem[]
  /**
   * Reads the server's own catalog (`list-commands`, then one `get-command` per program, eight
   * at a time) off the event loop, and keeps it for the life of the client. Programs whose
   * usage text the server cannot describe keep their bundled entry. Rejects with a
   * {@link VirtualminError} when a call fails (nothing is kept then), or with an `AbortError`.
   */
  liveCatalog(options?: { signal?: AbortSignal }): Promise<Catalog>
  /** The server and user, with the password as `***`. */
  toJSON(): { url: string; user: string | null; password: '***' | null }
}

/** What kind of mistake a catalog found in a call. */
export type ProblemKind =
  | 'unknown_program'
  | 'pro_only'
  | 'unknown_flag'
  | 'value_for_switch'
  | 'missing_value'
  | 'repeated_flag'
  | 'missing_required'
  | 'exclusive_flags'

/** One mistake in a call, with what was probably meant. */
export interface Problem {
  kind: ProblemKind
  /** The flag concerned, or `null` for the program itself. */
  flag: string | null
  /** The name that was probably meant, for unknown names; else `null`. */
  suggestion: string | null
  /** A sentence for people (`list-domains has no flag --nameonly; did you mean --name-only?`). */
  message: string
}

/** One flag of a program. */
export interface FlagSpec {
  /** The name without `--`. */
  name: string
  /** True when the flag takes a value; false for a switch (`true` in {@link Flags}). */
  takesValue: boolean
  /** True when the usage text shows it outside brackets. */
  required: boolean
  /** True when it may be given more than once (an array in {@link Flags}). */
  repeatable: boolean
}

/** Flags written `a | b`: at most one alternative may be given, exactly one if `required`. */
export interface ExclusiveGroup {
  /** Each alternative is one or more flags that go together. */
  alternatives: string[][]
  required: boolean
}

/** One API program. */
export interface ProgramSpec {
  /** The program's name (`create-domain`). */
  name: string
  /** list-commands' section heading (`Virtual servers`), or `null`. */
  category: string | null
  /** One line saying what it does, or `null`. */
  description: string | null
  /** Its flags, in usage order. */
  flags: FlagSpec[]
  /** Its groups of alternatives. */
  groups: ExclusiveGroup[]
}

/**
 * Programs and flags of one Virtualmin version, to check calls before they are sent. Get one
 * with {@link Catalog.bundled}, {@link Catalog.fromJson} or {@link Client.liveCatalog}.
 * Immutable; one catalog can serve any number of clients.
 */
export declare class Catalog {
  /** Not for use: catalogs come from the static methods and from `client.liveCatalog()`. */
  private constructor()
  /** The catalog of Virtualmin GPL 8.1 that ships with the package (the clients' default). */
  static bundled(): Catalog
  /**
   * Reads a catalog in the format of the bundled one (`programs.json`).
   * @throws {VirtualminError} `VMR_USAGE` when the text is not such a catalog.
   */
  static fromJson(text: string): Catalog
  /** Where it came from: a Virtualmin version, or `live: https://host:port`. */
  readonly source: string
  /** Every program, sorted by name. */
  programs(): ProgramSpec[]
  /** The program of that name (also under its alternative names), or `null`. */
  program(name: string): ProgramSpec | null
  /** True when the name is a Virtualmin Pro program that this (GPL) catalog lacks. */
  isProOnly(name: string): boolean
  /**
   * Every mistake this catalog sees in the call exactly as given (see {@link Client.check} for
   * the call as a client would send it).
   * @throws {VirtualminError} `VMR_USAGE` for flags that cannot be read.
   */
  check(program: string, flags?: Flags | null): Problem[]
  /** True when a client adds a bare `multiline` to this call (see `autoMultiline`). */
  wantsMultiline(program: string, flags?: Flags | null): boolean
}

/**
 * The servers of a {@link Fleet} by name: an object, a `Map`, or `[name, client]` pairs. The
 * order is the order of the results (an object lists integer-like keys first).
 */
export type FleetMembers =
  | { readonly [name: string]: Client }
  | ReadonlyMap<string, Client>
  | ReadonlyArray<readonly [string, Client]>

/** Options of {@link Fleet}. */
export interface FleetOptions {
  /** How many calls run at once at most, 1 to 1024 (default 16). */
  maxInFlight?: number
}

/** Options of {@link Fleet.call} and {@link Fleet.callEach}. */
export interface FleetCallOptions {
  /** Run on these servers only, with results in this order. Unknown names are `VMR_USAGE`. */
  servers?: readonly string[]
  /** This call's reply format instead of each client's. */
  format?: Format
}

/** What one server of a fleet answered: a response, or why there is none. */
export type ServerResult =
  | {
      server: string
      ok: true
      response: CallResult
      error?: undefined
      /** How long this server's call took, in milliseconds. */
      elapsedMs: number
    }
  | {
      server: string
      ok: false
      response?: undefined
      error: VirtualminError
      elapsedMs: number
    }

/**
 * Named clients that one call runs on together, at most `maxInFlight` at once, each with its
 * own URL, credentials, TLS settings and deadlines. A slow or dead server holds up only its own
 * slot, and never longer than its client's `timeoutMs`.
 */
export declare class Fleet {
  /**
   * @throws {VirtualminError} `VMR_USAGE` for a bad option, a member that is not a `Client`,
   * an empty or repeated name.
   */
  constructor(members?: FleetMembers, options?: FleetOptions)
  /**
   * Adds a server; results come in the order servers were added.
   * @throws {VirtualminError} `VMR_USAGE` for an empty or taken name, or not a `Client`.
   */
  add(name: string, client: Client): this
  /** The servers' names, in order. */
  readonly names: string[]
  /** The number of servers. */
  readonly size: number
  /** How many calls run at once at most. */
  readonly maxInFlight: number
  /** The client of one server, or `undefined`. */
  client(name: string): Client | undefined
  /**
   * Runs the call on every server (or `options.servers`) and resolves when all are done, one
   * result per server in order. Never rejects because a server failed; rejects with
   * `VMR_USAGE`, before anything is sent, for an unknown server or a call no server accepts.
   */
  call(program: string, flags?: Flags | null, options?: FleetCallOptions): Promise<ServerResult[]>
  /**
   * Runs the call like {@link Fleet.call}; returns at once one promise per server, which
   * settles as soon as that server answers (rejecting with its {@link VirtualminError}).
   * Promises left unawaited never count as unhandled rejections.
   * @throws {VirtualminError} `VMR_USAGE`, before anything is sent, as `call` rejects.
   */
  callEach(
    program: string,
    flags?: Flags | null,
    options?: FleetCallOptions
  ): { [server: string]: Promise<CallResult> }
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
