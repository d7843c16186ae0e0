<?php
/*
 * Client: Virtualmin's remote API from PHP, through libvirtualmin_remote and FFI.
 */

declare(strict_types=1);

namespace VirtualminRemote;

use FFI;

/**
 * A client for one Virtualmin server's remote API (remote.cgi).
 *
 *     $client = new Client('https://vm.example.net:10000', 'root', $password,
 *         ['fingerprint' => 'AA:BB:...']);
 *     $result = $client->call('create-alias', ['domain' => 'example.com', 'from' => 'sales',
 *         'to' => ['a@example.net', 'b@example.net']]);
 *
 * Flags are the program's own, named as on Virtualmin's command line without the dashes:
 * `true` sends a bare flag (`'multiline' => true`), `false` and `null` leave it out, a list
 * repeats it, numbers become strings. For an order across different names, pass a list of
 * `[name, value]` pairs instead.
 *
 * Every parameter travels in a POST body, over TLS checked as the options say. A program that
 * fails throws ProgramException; nothing here returns an error to grep for.
 *
 * The password is handed to the C library in the constructor and not kept in PHP: var_dump(),
 * print_r() and var_export() of a client cannot show it, and it is a #[\SensitiveParameter], so
 * stack traces do not either.
 */
final class Client
{
    private const OPTIONS = [
        'fingerprint', 'ca_file', 'verify', 'timeout', 'connect_timeout', 'method', 'format',
        'check_mode', 'auto_multiline', 'path', 'cloudmin', 'max_reply_bytes', 'library',
        'header',
    ];

    private FFI $ffi;
    private Handle $client;
    private string $url;
    private string $user;
    private string $tls;
    private string $method;
    private string $format;

    /**
     * Checks the options and prepares the client; nothing is sent yet.
     *
     * @param array{fingerprint?: string, ca_file?: string, verify?: bool, timeout?: float|int,
     *     connect_timeout?: float|int, method?: string, format?: string, check_mode?: string,
     *     auto_multiline?: bool, path?: string, cloudmin?: bool, max_reply_bytes?: int,
     *     library?: string, header?: string} $options
     *     `fingerprint` pins the server's certificate (SHA-256, "AA:BB:..."), `ca_file` trusts
     *     the CA certificates of a PEM file, `verify => false` accepts any certificate
     *     (dangerous); with none of them the system's roots are used. `timeout` and
     *     `connect_timeout` are seconds (300 and 10). `method` is "POST" or "GET", `format`
     *     "json", "json-minified", "text", "xml" or "perl", `check_mode` "warn", "strict" or
     *     "off". `library` and `header` locate libvirtualmin_remote (see Native).
     * @throws UsageException for a bad URL, user name or option
     */
    public function __construct(
        string $url,
        string $user,
        #[\SensitiveParameter] string $password,
        array $options = [],
    ) {
        $unknown = array_diff(array_keys($options), self::OPTIONS);
        if ($unknown !== []) {
            throw Native::usage('unknown option ' . implode(', ', $unknown) . ' (known: '
                . implode(', ', self::OPTIONS) . ')');
        }
        $this->ffi = Native::load($options['library'] ?? null, $options['header'] ?? null);
        $ffi = $this->ffi;

        $pointer = $ffi->new('struct vmr_client_builder*');
        $this->invoke('vmr_client_builder_new', self::cString('url', $url), FFI::addr($pointer));
        $builder = new Handle($ffi, $pointer, 'vmr_client_builder_free');

        // NB: called here rather than through invoke(), whose arguments a trace would show.
        if (str_contains($password, "\0")) {
            throw Native::usage('the password contains a NUL byte');
        }
        $error = $ffi->new('struct vmr_error*');
        $code = $ffi->vmr_client_builder_credentials(
            $builder->pointer,
            self::cString('user', $user),
            $password,
            FFI::addr($error),
        );
        Native::check($ffi, $code, $error);

        $this->tls = $this->configureTls($builder, $options);
        $this->configure($builder, $options);

        $client = $ffi->new('struct vmr_client*');
        $this->invoke('vmr_client_builder_build', $builder->pointer, FFI::addr($client));
        $this->client = new Handle($ffi, $client, 'vmr_client_free');

        $out = $ffi->new('const char*');
        $this->invoke('vmr_client_url', $client, FFI::addr($out));
        $this->url = (string) Native::text($out);
        $this->user = $user;
        $this->method = strtoupper((string) ($options['method'] ?? 'POST'));
        $this->format = (string) ($options['format'] ?? 'json');
    }

    /**
     * Runs a program and returns its result.
     *
     * @param array<string, scalar|null|list<scalar>>|list<array{0: string, 1: scalar|null}> $flags
     * @return array{program: string, status: string, format: string, exit_status: ?int,
     *     data: mixed, records: list<array{name: string, values: array<string, list<string>>}>,
     *     pairs: list<array{0: string, 1: string}>, names: list<string>, output: ?string}
     *     `data` is the decoded result (records, pairs or names, as the program gives them);
     *     `records` its `{name, values}` items, one per domain, user or alias of a listing;
     *     `output` the program's text when it printed text rather than data.
     * @throws VirtualminException UsageException before anything is sent; then the kind the
     *     network and the server decide (ProgramException for a program that failed)
     */
    public function call(string $program, #[\SensitiveParameter] array $flags = []): array
    {
        $call = $this->makeCall($program, $flags);
        $pointer = $this->ffi->new('struct vmr_response*');
        $this->invoke('vmr_client_run', $this->client->pointer, $call->pointer,
            FFI::addr($pointer));
        $response = new Handle($this->ffi, $pointer, 'vmr_response_free');

        $data = json_decode(
            (string) $this->read('vmr_response_data_json', $response),
            true,
            512,
            JSON_THROW_ON_ERROR | JSON_BIGINT_AS_STRING,
        );
        $exitStatus = $this->ffi->new('int32_t');
        $this->invoke('vmr_response_exit_status', $response->pointer, FFI::addr($exitStatus));

        $items = is_array($data) && array_is_list($data) ? $data : [];
        return [
            'program' => (string) $this->read('vmr_response_program', $response),
            'status' => (string) $this->read('vmr_response_status', $response),
            'format' => (string) $this->read('vmr_response_format', $response),
            'exit_status' => $exitStatus->cdata === -1 ? null : $exitStatus->cdata,
            'data' => $data,
            'records' => array_values(array_filter($items, self::isRecord(...))),
            'pairs' => array_values(array_map(
                fn (array $item): array => [$item['name'], $item['value']],
                array_filter($items, self::isPair(...)),
            )),
            'names' => array_values(array_filter($items, 'is_string')),
            'output' => $this->read('vmr_response_output', $response),
        ];
    }

    /**
     * The request call() would send with these arguments, without sending it; the password and
     * the values of flags whose names contain "pass" read "***".
     *
     * @return array{method: string, url: string, body: ?string, command_line: string, text: string}
     * @throws UsageException for the same mistakes call() refuses
     */
    public function preview(string $program, #[\SensitiveParameter] array $flags = []): array
    {
        $call = $this->makeCall($program, $flags);
        $pointer = $this->ffi->new('struct vmr_preview*');
        $this->invoke('vmr_client_preview', $this->client->pointer, $call->pointer,
            FFI::addr($pointer));
        $preview = new Handle($this->ffi, $pointer, 'vmr_preview_free');
        return [
            'method' => (string) $this->read('vmr_preview_method', $preview),
            'url' => (string) $this->read('vmr_preview_url', $preview),
            'body' => $this->read('vmr_preview_body', $preview),
            'command_line' => (string) $this->read('vmr_preview_command_line', $preview),
            'text' => (string) $this->read('vmr_preview_text', $preview),
        ];
    }

    /**
     * The SHA-256 fingerprint of the certificate the server at $url presents ("AA:BB:..."), for
     * the fingerprint option. It is not checked: compare it with one obtained out of band.
     *
     * @param array{library?: string, header?: string} $options
     * @throws VirtualminException ConnectException, TimeoutException, TlsException, UsageException
     */
    public static function fingerprint(
        string $url,
        float $timeout = 10.0,
        array $options = [],
    ): string {
        $ffi = Native::load($options['library'] ?? null, $options['header'] ?? null);
        $size = (int) $ffi->VMR_FINGERPRINT_SIZE;
        $buffer = $ffi->new("char[$size]");
        $error = $ffi->new('struct vmr_error*');
        $code = $ffi->vmr_fingerprint(self::cString('url', $url), self::millis('timeout', $timeout),
            $buffer, $size, FFI::addr($error));
        Native::check($ffi, $code, $error);
        return FFI::string($buffer);
    }

    /** The version of libvirtualmin_remote in use ("0.1.0"). */
    public static function libraryVersion(array $options = []): string
    {
        return (string) Native::load($options['library'] ?? null, $options['header'] ?? null)
            ->vmr_version();
    }

    /** The API's URL ("https://host:10000/virtual-server/remote.cgi"). */
    public function getUrl(): string
    {
        return $this->url;
    }

    /** The user name sent with every call. */
    public function getUser(): string
    {
        return $this->user;
    }

    public function __debugInfo(): array
    {
        return [
            'url' => $this->url,
            'user' => $this->user,
            'password' => '***',
            'tls' => $this->tls,
            'method' => $this->method,
            'format' => $this->format,
        ];
    }

    public function __serialize(): array
    {
        throw new \LogicException('a Client holds a native connection and cannot be serialized');
    }

    /**
     * Runs a C function whose last argument is `vmr_error **`, throwing what it reports.
     *
     * NB: the arguments are hidden from traces: they include flag values (secrets among them)
     * and pointers into C data a trace would outlive.
     */
    private function invoke(string $function, #[\SensitiveParameter] mixed ...$arguments): void
    {
        $error = $this->ffi->new('struct vmr_error*');
        $code = $this->ffi->{$function}(...[...$arguments, FFI::addr($error)]);
        Native::check($this->ffi, $code, $error);
    }

    /** Reads one string out-parameter of a handle (NULL gives null). */
    private function read(string $function, Handle $handle): ?string
    {
        $out = $this->ffi->new('const char*');
        $this->invoke($function, $handle->pointer, FFI::addr($out));
        return Native::text($out);
    }

    /** Applies the TLS options and names the mode chosen. */
    private function configureTls(Handle $builder, array $options): string
    {
        $chosen = array_filter([
            'fingerprint' => isset($options['fingerprint']),
            'ca_file' => isset($options['ca_file']),
            'verify => false' => ($options['verify'] ?? true) === false,
        ]);
        if (count($chosen) > 1) {
            throw Native::usage('choose one of ' . implode(', ', array_keys($chosen)));
        }
        if (isset($options['verify']) && !is_bool($options['verify'])) {
            throw Native::usage('option verify must be true or false');
        }
        if (isset($options['fingerprint'])) {
            $this->invoke('vmr_client_builder_fingerprint', $builder->pointer,
                self::cString('fingerprint', (string) $options['fingerprint']));
            return 'pinned';
        }
        if (isset($options['ca_file'])) {
            $this->invoke('vmr_client_builder_ca_file', $builder->pointer,
                self::cString('ca_file', (string) $options['ca_file']));
            return 'custom-ca';
        }
        if (($options['verify'] ?? true) === false) {
            $this->invoke('vmr_client_builder_insecure', $builder->pointer);
            return 'insecure';
        }
        return 'verify';
    }

    /** Applies every option but credentials and TLS. */
    private function configure(Handle $builder, array $options): void
    {
        $b = $builder->pointer;
        $strings = [
            'method' => 'vmr_client_builder_method',
            'format' => 'vmr_client_builder_format',
            'check_mode' => 'vmr_client_builder_check_mode',
            'path' => 'vmr_client_builder_path',
        ];
        foreach ($strings as $name => $function) {
            if (isset($options[$name])) {
                $this->invoke($function, $b, self::cString($name, (string) $options[$name]));
            }
        }
        if (isset($options['timeout'])) {
            $this->invoke('vmr_client_builder_timeout_ms', $b,
                self::millis('timeout', $options['timeout']));
        }
        if (isset($options['connect_timeout'])) {
            $this->invoke('vmr_client_builder_connect_timeout_ms', $b,
                self::millis('connect_timeout', $options['connect_timeout']));
        }
        if (isset($options['auto_multiline'])) {
            $this->invoke('vmr_client_builder_auto_multiline', $b,
                (bool) $options['auto_multiline']);
        }
        if (!empty($options['cloudmin'])) {
            $this->invoke('vmr_client_builder_cloudmin', $b);
        }
        if (isset($options['max_reply_bytes'])) {
            $limit = $options['max_reply_bytes'];
            if (!is_int($limit) || $limit < 0) {
                throw Native::usage('option max_reply_bytes must be a positive integer');
            }
            $this->invoke('vmr_client_builder_max_reply_bytes', $b, $limit);
        }
    }

    /** A vmr_call of $program with $flags (see call()). */
    private function makeCall(string $program, #[\SensitiveParameter] array $flags): Handle
    {
        if (str_contains($program, "\0")) {
            throw Native::usage('the program name contains a NUL byte', 'program');
        }
        $pointer = $this->ffi->new('struct vmr_call*');
        $this->invoke('vmr_call_new', $program, FFI::addr($pointer));
        $call = new Handle($this->ffi, $pointer, 'vmr_call_free');

        $pairs = array_is_list($flags) ? $flags : array_map(null, array_keys($flags), $flags);
        foreach ($pairs as $pair) {
            if (!is_array($pair) || count($pair) !== 2 || !is_string($pair[0] ?? null)) {
                throw Native::usage('flags are name => value, or a list of [name, value] pairs');
            }
            $this->addFlag($call, $pair[0], $pair[1], true);
        }
        return $call;
    }

    /** Adds one flag: true bare, false/null nothing, a list repeated, a number as text. */
    private function addFlag(
        Handle $call,
        string $name,
        #[\SensitiveParameter] mixed $value,
        bool $listAllowed,
    ): void
    {
        if (str_contains($name, "\0")) {
            throw Native::usage('a flag name contains a NUL byte', $name);
        }
        if ($value === true) {
            $this->invoke('vmr_call_flag', $call->pointer, $name);
            return;
        }
        if ($value === false || $value === null) {
            return;
        }
        if (is_array($value) && $listAllowed) {
            foreach ($value as $item) {
                $this->addFlag($call, $name, $item, false);
            }
            return;
        }
        if (is_int($value) || is_float($value) || $value instanceof \Stringable) {
            $value = (string) $value;
        }
        if (!is_string($value)) {
            throw Native::usage("flag --$name: a value must be a string, number, bool, null "
                . 'or a list of those, not ' . get_debug_type($value), $name);
        }
        if (str_contains($value, "\0")) {
            throw Native::usage("value of flag --$name contains a NUL byte", $name);
        }
        $this->invoke('vmr_call_arg', $call->pointer, $name, $value);
    }

    /** Rejects NUL bytes, which a C string cannot carry, in an option's value. */
    private static function cString(string $option, string $value): string
    {
        if (str_contains($value, "\0")) {
            throw Native::usage("option $option contains a NUL byte");
        }
        return $value;
    }

    /** Seconds as whole milliseconds, at least one. */
    private static function millis(string $option, mixed $seconds): int
    {
        if (!(is_int($seconds) || is_float($seconds)) || !is_finite((float) $seconds)
            || $seconds <= 0) {
            throw Native::usage("option $option must be a number of seconds above zero");
        }
        return max(1, (int) round($seconds * 1000));
    }

    private static function isRecord(mixed $item): bool
    {
        return is_array($item) && is_string($item['name'] ?? null)
            && is_array($item['values'] ?? null);
    }

    private static function isPair(mixed $item): bool
    {
        return is_array($item) && is_string($item['name'] ?? null)
            && is_string($item['value'] ?? null);
    }
}
