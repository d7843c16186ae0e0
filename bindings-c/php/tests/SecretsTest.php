<?php
/*
 * The password never shows: not in dumps of a client, not in exception messages, not in stack
 * traces with their arguments; nor do the values of secret flags.
 */

declare(strict_types=1);

namespace VirtualminRemote\Tests;

use VirtualminRemote\Client;
use VirtualminRemote\VirtualminException;

final class SecretsTest extends VmrTestCase
{
    private const PASSWORD = 'Never-Shown-Pw-8812';

    private static ?TestServer $server = null;

    public static function setUpBeforeClass(): void
    {
        // Traces keep their arguments whatever php.ini says, so that a leak would show.
        ini_set('zend.exception_ignore_args', '0');
        self::$server = new TestServer(['--seed', '--password', self::PASSWORD]);
    }

    public static function tearDownAfterClass(): void
    {
        self::$server = null;
    }

    private static function client(array $options = []): Client
    {
        return self::newClient(self::$server->url, 'root', self::PASSWORD,
            $options + ['fingerprint' => self::$server->fingerprint]);
    }

    /**
     * What PHP prints about a throwable, and every argument its trace holds: scalars as they are,
     * arrays as JSON, objects by class (a trace's objects include the test case itself).
     */
    private static function everything(\Throwable $e): string
    {
        $text = $e->getMessage() . "\n" . $e->getTraceAsString() . "\n" . $e;
        foreach ($e->getTrace() as $frame) {
            foreach ($frame['args'] ?? [] as $arg) {
                $text .= "\n" . match (true) {
                    is_scalar($arg) => (string) $arg,
                    is_array($arg) => json_encode($arg, JSON_PARTIAL_OUTPUT_ON_ERROR),
                    is_object($arg) => get_class($arg),
                    default => get_debug_type($arg),
                };
            }
        }
        return $text;
    }

    public function test_dumps_of_a_client_do_not_show_the_password(): void
    {
        $client = self::client();
        ob_start();
        var_dump($client);
        $dumps = ob_get_clean() . print_r($client, true) . var_export($client, true)
            . json_encode($client);

        $this->assertStringNotContainsString(self::PASSWORD, $dumps);
        $this->assertStringContainsString('***', $dumps);
        $this->assertStringContainsString('root', $dumps);
    }

    public function test_the_password_is_kept_in_no_property(): void
    {
        foreach ((array) self::client() as $value) {
            $this->assertNotSame(self::PASSWORD, $value);
        }
    }

    public function test_a_wrong_password_is_absent_from_the_exception_and_its_trace(): void
    {
        $wrong = 'Wrong-Pw-Shown-Never-3';
        try {
            $client = self::newClient(self::$server->url, 'root', $wrong,
                ['fingerprint' => self::$server->fingerprint]);
            $client->call('list-domains');
            $this->fail('no exception');
        } catch (VirtualminException $e) {
            self::caught($e);
            $this->assertSame('Auth', $e->getKind());
            $this->assertStringNotContainsString($wrong, self::everything($e));
        }
    }

    public function test_an_error_inside_the_constructor_hides_the_password_argument(): void
    {
        try {
            self::client(['fingerprint' => 'not-a-fingerprint']);
            $this->fail('no exception');
        } catch (VirtualminException $e) {
            self::caught($e);
            $text = self::everything($e);
            $this->assertStringNotContainsString(self::PASSWORD, $text);
            $this->assertStringContainsString('SensitiveParameterValue', $text, 'arguments are in');
        }
    }

    /**
     * The first case fails in the library, after the flags were added; the second while the
     * secret value itself is being added (it is not UTF-8), with it among the trace's arguments.
     */
    public function test_secret_flag_values_are_absent_from_errors_and_traces(): void
    {
        $cases = [
            'domain' => ['domain' => "bad\nname", 'pass' => 'Flag-Secret-77'],
            'pass' => ['domain' => 'ok.example', 'pass' => "Flag-Secret-77\xff"],
        ];
        foreach ($cases as $flag => $flags) {
            try {
                self::client()->call('create-domain', $flags);
                $this->fail('no exception');
            } catch (VirtualminException $e) {
                self::caught($e);
                $this->assertSame($flag, $e->getFlag());
                $this->assertStringNotContainsString('Flag-Secret-77', self::everything($e));
            }
        }
    }

    public function test_a_client_cannot_be_serialized_but_can_be_cloned(): void
    {
        $client = self::client();
        $copy = clone $client;
        unset($client);
        $this->assertSame('success', $copy->call('list-domains', ['name-only' => true])['status']);

        $this->thrown(\LogicException::class, fn () => serialize($copy));
    }
}
