<?php
/*
 * Finding and loading libvirtualmin_remote through FFI, and turning its errors into exceptions.
 */

declare(strict_types=1);

namespace VirtualminRemote;

use FFI;
use FFI\CData;

/**
 * The FFI side of the package: one \FFI instance per library, and the conversions every call
 * needs.
 *
 * Where the library is looked up, first match wins:
 * 1. the `library` option of Client, or the VIRTUALMIN_REMOTE_LIB environment variable: a path
 *    to libvirtualmin_remote.so;
 * 2. otherwise "libvirtualmin_remote.so", which the dynamic loader finds through
 *    LD_LIBRARY_PATH and the system's library directories (/usr/local/lib after
 *    `install.sh /usr/local` and `ldconfig`).
 *
 * The declarations come from virtualmin_remote_ffi.h: the `header` option or
 * VIRTUALMIN_REMOTE_HEADER, else the include/ directory beside the library's lib/ directory,
 * else this repository's bindings-c/include, else /usr/local/include and /usr/include.
 *
 * When virtualmin_remote_preload.h (which install.sh writes) was preloaded, by `ffi.preload` in
 * php.ini or FFI::load() in an opcache.preload script, its scope VIRTUALMIN_REMOTE is used and no
 * path is looked up: that is how FFI works with `ffi.enable=preload`, the default for web
 * servers.
 *
 * @internal
 */
final class Native
{
    public const SCOPE = 'VIRTUALMIN_REMOTE';

    private const HEADER = 'virtualmin_remote_ffi.h';

    /** Exception class per result code; anything else is an InternalException. */
    private const CLASSES = [
        100 => UsageException::class,
        200 => ConnectException::class,
        201 => TimeoutException::class,
        202 => TlsException::class,
        300 => AuthException::class,
        301 => BlockedException::class,
        302 => RefusedException::class,
        303 => ProgramException::class,
        304 => HttpException::class,
        305 => ProtocolException::class,
    ];

    /** @var array<string, FFI> loaded libraries by "library\0header" */
    private static array $loaded = [];

    /**
     * The FFI instance for the library the options name.
     *
     * @throws UsageException when FFI is unavailable or the library or header cannot be loaded
     */
    public static function load(?string $library = null, ?string $header = null): FFI
    {
        if (!extension_loaded('ffi')) {
            throw self::usage("PHP's FFI extension is not loaded (php-ffi / ext-ffi is needed)");
        }
        $library ??= self::env('VIRTUALMIN_REMOTE_LIB');
        $header ??= self::env('VIRTUALMIN_REMOTE_HEADER');
        if ($library === null && $header === null) {
            $scoped = self::preloaded();
            if ($scoped !== null) {
                return $scoped;
            }
        }

        $library ??= 'libvirtualmin_remote.so';
        $header ??= self::findHeader($library);
        $key = $library . "\0" . $header;
        if (isset(self::$loaded[$key])) {
            return self::$loaded[$key];
        }
        $declarations = @file_get_contents($header);
        if ($declarations === false) {
            throw self::usage("cannot read the FFI header $header");
        }
        try {
            return self::$loaded[$key] = FFI::cdef($declarations, $library);
        } catch (FFI\Exception $e) {
            if (str_contains($e->getMessage(), 'ffi.enable')) {
                throw self::usage(
                    'FFI is restricted by ffi.enable: set ffi.enable=true, or preload the '
                    . 'library with ffi.preload=.../include/virtualmin_remote_preload.h (see the '
                    . 'README)'
                );
            }
            throw self::usage("cannot load $library: " . $e->getMessage());
        }
    }

    /** The preloaded scope, if a preload script declared one. */
    private static function preloaded(): ?FFI
    {
        if (isset(self::$loaded[self::SCOPE])) {
            return self::$loaded[self::SCOPE];
        }
        try {
            return self::$loaded[self::SCOPE] = FFI::scope(self::SCOPE);
        } catch (FFI\Exception) {
            return null;
        }
    }

    private static function findHeader(string $library): string
    {
        $candidates = [];
        if (str_contains($library, '/')) {
            $candidates[] = dirname($library, 2) . '/include/' . self::HEADER;
        }
        $candidates[] = dirname(__DIR__, 2) . '/include/' . self::HEADER;
        $candidates[] = '/usr/local/include/' . self::HEADER;
        $candidates[] = '/usr/include/' . self::HEADER;
        foreach ($candidates as $candidate) {
            if (is_file($candidate)) {
                return $candidate;
            }
        }
        throw self::usage(
            'cannot find ' . self::HEADER . ' (looked in ' . implode(', ', $candidates)
            . '); pass the header option or set VIRTUALMIN_REMOTE_HEADER'
        );
    }

    private static function env(string $name): ?string
    {
        $value = getenv($name);
        return $value === false || $value === '' ? null : $value;
    }

    /** A usage error raised by this package itself, before the library is involved. */
    public static function usage(string $message, ?string $flag = null): UsageException
    {
        return new UsageException($message, 100, ['kind' => 'Usage', 'flag' => $flag]);
    }

    /** A PHP copy of a C string, or null for NULL. */
    public static function text(CData $pointer): ?string
    {
        return FFI::isNull($pointer) ? null : FFI::string($pointer);
    }

    /**
     * Throws the error a call returned, unless it returned VMR_OK. Frees the C error.
     *
     * @throws VirtualminException
     */
    public static function check(FFI $ffi, int $code, #[\SensitiveParameter] CData $error): void
    {
        if ($code === 0) {
            return;
        }
        throw self::exception($ffi, $code, $error);
    }

    /**
     * The exception for a C error (which is freed); `$code` if there is no error object.
     *
     * NB: `$error` is hidden from traces, here and in check(): once freed it points to freed
     * memory, which a debugger walking the trace's arguments would read.
     */
    private static function exception(
        FFI $ffi,
        int $code,
        #[\SensitiveParameter] CData $error,
    ): VirtualminException
    {
        if (FFI::isNull($error)) {
            $class = self::CLASSES[$code] ?? InternalException::class;
            return new $class("the library returned $code without an error", $code);
        }
        try {
            $code = (int) $ffi->vmr_error_code($error);
            $http = (int) $ffi->vmr_error_http_status($error);
            $exit = (int) $ffi->vmr_error_exit_status($error);
            $details = [
                'kind' => (string) $ffi->vmr_error_kind($error),
                'flag' => $ffi->vmr_error_flag($error),
                'http_status' => $http === 0 ? null : $http,
                'reason' => $ffi->vmr_error_reason($error),
                'exit_status' => $exit === -1 ? null : $exit,
                'error' => $ffi->vmr_error_error_line($error),
                'output' => $ffi->vmr_error_output($error),
            ];
            $message = (string) $ffi->vmr_error_message($error);
        } finally {
            $ffi->vmr_error_free($error);
        }
        $class = self::CLASSES[$code] ?? InternalException::class;
        return new $class($message, $code, $details);
    }
}
