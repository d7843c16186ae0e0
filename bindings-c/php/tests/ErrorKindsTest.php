<?php
/*
 * Every kind of tests/contract/error_kinds.json reaches PHP as its exception class, raised by the
 * case that should raise it, with the details of its kind.
 */

declare(strict_types=1);

namespace VirtualminRemote\Tests;

use VirtualminRemote\AuthException;
use VirtualminRemote\Client;
use VirtualminRemote\HttpException;
use VirtualminRemote\ProgramException;
use VirtualminRemote\VirtualminException;

final class ErrorKindsTest extends VmrTestCase
{
    private static ?TestServer $tls = null;
    private static ?TestServer $plain = null;

    public static function setUpBeforeClass(): void
    {
        self::$tls = new TestServer(['--seed']);
        self::$plain = new TestServer(['--seed', '--plain']);
    }

    public static function tearDownAfterClass(): void
    {
        self::$tls = self::$plain = null;
    }

    /** The kinds of the contract table: [kind, PHP class, result code]. */
    public static function kinds(): array
    {
        $path = dirname(__DIR__, 3) . '/tests/contract/error_kinds.json';
        $table = json_decode((string) file_get_contents($path), true, 512, JSON_THROW_ON_ERROR);
        $rows = [];
        foreach ($table['kinds'] as $row) {
            // The PHP class is the Python one with Exception for Error: UsageError, UsageException.
            $class = 'VirtualminRemote\\' . preg_replace('/Error$/', 'Exception', $row['python']);
            $rows[$row['kind']] = [$row['kind'], $class, $row['c_value']];
        }
        return $rows;
    }

    private static function client(
        TestServer $server,
        string $user = 'root',
        ?string $password = null,
        array $options = [],
    ): Client {
        if (str_starts_with($server->url, 'https:')) {
            $options += ['fingerprint' => $server->fingerprint];
        }
        return self::newClient($server->url, $user, $password ?? $server->password, $options);
    }

    /** Runs the call that should fail as `kind` says and returns what it threw. */
    private function raise(string $kind): \Throwable
    {
        $list = fn (Client $client) => $client->call('list-domains');
        try {
            match ($kind) {
                'Usage' => self::client(self::$tls)->call('list-domains', ['Multiline' => true]),
                'Connect' => $this->withFault('close-before-headers', $list),
                'Timeout' => $this->withFault('stall', $list, ['timeout' => 1.5]),
                'Tls' => $list(self::newClient(self::$tls->url, 'root', self::$tls->password)),
                'Auth' => $list(self::client(self::$tls, 'root', 'Wrong-pw-4411')),
                'Blocked' => $this->blocked(),
                'Refused' => $list(self::client(self::$tls, 'vmlimited')),
                'ProgramFailed' => self::client(self::$tls)->call('create-alias',
                    ['domain' => 'nosuch.example', 'from' => 'info', 'to' => 'a@example.net']),
                'Http' => $this->withFault('status-500', $list),
                'Protocol' => $this->withFault('garbage', $list),
            };
        } catch (\Throwable $e) {
            return self::caught($e);
        }
        $this->fail("nothing was thrown for $kind");
    }

    private function withFault(string $fault, callable $run, array $options = []): mixed
    {
        self::$plain->knobs(['fault' => $fault]);
        try {
            return $run(self::client(self::$plain, 'root', null, $options));
        } finally {
            self::$plain->knobs(['fault' => 'none']);
        }
    }

    private function blocked(): void
    {
        $server = new TestServer(['--block-after', '2']);
        $wrong = self::client($server, 'root', 'Wrong-pw-4411');
        for ($i = 0; $i < 2; $i++) {
            try {
                $wrong->call('list-domains');
            } catch (VirtualminException $e) {
                // the failures that lead to the block
                self::caught($e);
            }
        }
        self::client($server)->call('list-domains');
    }

    /** @dataProvider kinds */
    public function test_each_kind_is_raised_as_its_class_with_its_code(
        string $kind,
        string $class,
        int $code,
    ): void {
        $e = $this->raise($kind);

        $this->assertInstanceOf($class, $e, $e->getMessage());
        $this->assertInstanceOf(VirtualminException::class, $e);
        $this->assertSame($code, $e->getCode());
        $this->assertSame($kind, $e->getKind());
        $this->assertStringNotContainsString(self::$tls->password, $e->getMessage());
        $spl = match ($kind) {
            'Usage' => \InvalidArgumentException::class,
            'Protocol' => \UnexpectedValueException::class,
            default => \RuntimeException::class,
        };
        $this->assertInstanceOf($spl, $e);
    }

    public function test_every_kind_of_the_table_has_a_case_here(): void
    {
        $this->assertCount(10, self::kinds());
        foreach (self::kinds() as [$kind, $class]) {
            $this->assertTrue(class_exists($class), $class);
        }
    }

    public function test_a_usage_error_names_the_flag(): void
    {
        $this->assertSame('Multiline', $this->raise('Usage')->getFlag());
    }

    public function test_a_failed_program_carries_its_error_line_output_and_exit_status(): void
    {
        $e = $this->raise('ProgramFailed');
        $this->assertInstanceOf(ProgramException::class, $e);
        $this->assertSame('Virtual server nosuch.example does not exist', $e->getError());
        $this->assertStringContainsString('nosuch.example', $e->getOutput());
        $this->assertNull($e->getExitStatus(), 'JSON carries no exit status');

        try {
            self::client(self::$tls, 'root', null, ['format' => 'text'])->call('create-alias',
                ['domain' => 'nosuch.example', 'from' => 'info', 'to' => 'a@example.net']);
            $this->fail('no exception');
        } catch (ProgramException $text) {
            self::caught($text);
            $this->assertSame(256, $text->getExitStatus());
        }
    }

    public function test_http_and_auth_errors_carry_the_status_and_reason(): void
    {
        $http = $this->raise('Http');
        $this->assertInstanceOf(HttpException::class, $http);
        $this->assertSame(500, $http->getHttpStatus());
        $this->assertSame(401, $this->raise('Auth')->getHttpStatus());
        $this->assertSame(403, $this->raise('Blocked')->getHttpStatus());

        try {
            self::client(self::$tls, 'twofa')->call('list-domains');
            $this->fail('no exception');
        } catch (AuthException $e) {
            self::caught($e);
            $this->assertSame('twofactor-required', $e->getReason());
        }
    }
}
