<?php
/*
 * The fault suite: each misbehaviour of the test server (and a port nobody listens on) throws
 * the exception class and code its kind has in tests/contract/error_kinds.json, within twice the
 * timeout the client was given, over plain HTTP and over TLS.
 */

declare(strict_types=1);

namespace VirtualminRemote\Tests;

use VirtualminRemote\VirtualminException;

final class FaultsTest extends VmrTestCase
{
    /**
     * fault => [expected kind, timeout in seconds, client options, HTTP status or null]. The
     * `truncate` case asks for text, whose exit-status line is what goes missing; `huge` sends
     * 8 MiB to a client that reads at most 1 MiB.
     */
    private const CASES = [
        'closed-port' => ['Connect', 3, [], null],
        'close-before-headers' => ['Connect', 3, [], null],
        'reset-after-headers' => ['Protocol', 3, [], null],
        'close-mid-body' => ['Protocol', 3, [], null],
        'truncate' => ['Protocol', 3, ['format' => 'text'], null],
        'garbage' => ['Protocol', 3, [], null],
        'html-error' => ['Protocol', 3, [], null],
        'status-500' => ['Http', 3, [], 500],
        'redirect' => ['Http', 3, [], 302],
        'trickle' => ['Timeout', 1.5, [], null],
        'stall' => ['Timeout', 1.5, [], null],
        'huge' => ['Protocol', 3, ['max_reply_bytes' => 1024 * 1024], null],
    ];

    /** @var array<string, TestServer> scheme => server */
    private static array $servers = [];

    public static function setUpBeforeClass(): void
    {
        self::$servers = [
            'http' => new TestServer(['--seed', '--plain']),
            'https' => new TestServer(['--seed']),
        ];
    }

    public static function tearDownAfterClass(): void
    {
        self::$servers = [];
    }

    /** The contract table's rows by kind. */
    private static function contract(): array
    {
        $path = dirname(__DIR__, 3) . '/tests/contract/error_kinds.json';
        $table = json_decode((string) file_get_contents($path), true, 512, JSON_THROW_ON_ERROR);
        return array_column($table['kinds'], null, 'kind');
    }

    public static function faults(): array
    {
        $rows = [];
        foreach (array_keys(self::CASES) as $fault) {
            foreach (['http', 'https'] as $scheme) {
                $rows["$fault over $scheme"] = [$fault, $scheme];
            }
        }
        return $rows;
    }

    /** A loopback URL of this scheme on a port that was free a moment ago and is closed now. */
    private static function closedPort(string $scheme): string
    {
        $socket = stream_socket_server('tcp://127.0.0.1:0');
        $address = stream_socket_get_name($socket, false);
        fclose($socket);
        return "$scheme://$address";
    }

    /** @dataProvider faults */
    public function test_a_fault_is_its_kind_within_twice_the_timeout(
        string $fault,
        string $scheme,
    ): void {
        [$kind, $timeout, $options, $httpStatus] = self::CASES[$fault];
        $row = self::contract()[$kind];
        $server = self::$servers[$scheme];
        $options += ['timeout' => $timeout];
        if ($scheme === 'https') {
            $options += ['fingerprint' => $server->fingerprint];
        }
        $url = $server->url;
        $server->control('/_testserver/reset');
        if ($fault === 'closed-port') {
            $url = self::closedPort($scheme);
        } else {
            $server->knobs(['fault' => $fault, 'huge_mb' => 8, 'trickle_ms' => 1000]);
        }

        $client = self::newClient($url, 'root', $server->password, $options);
        $started = hrtime(true);
        try {
            $e = $this->thrown(VirtualminException::class,
                fn () => $client->call('list-domains'));
        } finally {
            $elapsed = (hrtime(true) - $started) / 1e9;
            $server->knobs(['fault' => 'none']);
        }

        // The PHP class is the Python one with Exception for Error: ConnectError, ConnectException.
        $class = 'VirtualminRemote\\' . preg_replace('/Error$/', 'Exception', $row['python']);
        $this->assertInstanceOf($class, $e, $e->getMessage());
        $this->assertSame($kind, $e->getKind());
        $this->assertSame($row['c_value'], $e->getCode());
        if ($httpStatus !== null) {
            $this->assertSame($httpStatus, $e->getHttpStatus());
        }
        $this->assertLessThan(2 * $timeout, $elapsed, "$fault took {$elapsed}s");
        if ($fault === 'redirect') {
            // Not followed: the credentials never went to the other host.
            $this->assertCount(1, $server->requests());
        }
    }

    public function test_every_fault_of_the_server_has_a_case(): void
    {
        $faults = ['close-before-headers', 'reset-after-headers', 'close-mid-body', 'truncate',
            'garbage', 'html-error', 'status-500', 'redirect', 'huge', 'trickle', 'stall'];
        foreach ($faults as $fault) {
            $this->assertArrayHasKey($fault, self::CASES);
        }
        foreach (self::CASES as [$kind]) {
            $this->assertArrayHasKey($kind, self::contract());
        }
    }
}
