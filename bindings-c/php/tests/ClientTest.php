<?php
/*
 * Client against the test server: results as arrays, flags on the wire, TLS modes, previews and
 * the options' checks.
 */

declare(strict_types=1);

namespace VirtualminRemote\Tests;

use VirtualminRemote\Client;
use VirtualminRemote\UsageException;

final class ClientTest extends VmrTestCase
{
    private static ?TestServer $server = null;

    public static function setUpBeforeClass(): void
    {
        self::$server = new TestServer(['--seed']);
    }

    public static function tearDownAfterClass(): void
    {
        self::$server = null;
    }

    private static function client(array $options = []): Client
    {
        $server = self::$server;
        return self::newClient($server->url, 'root', $server->password,
            $options + ['fingerprint' => $server->fingerprint]);
    }

    /** The last API request the server saw. */
    private static function lastRequest(): array
    {
        $requests = self::$server->requests();
        return end($requests);
    }

    public function test_list_domains_returns_one_record_per_domain_as_arrays(): void
    {
        $result = self::client()->call('list-domains');

        $this->assertSame('list-domains', $result['program']);
        $this->assertSame('success', $result['status']);
        $this->assertSame('json', $result['format']);
        $this->assertNull($result['exit_status']);
        $this->assertNull($result['output']);
        $this->assertTrue(array_is_list($result['data']));
        $names = array_column($result['records'], 'name');
        $this->assertContains('example.com', $names);
        $this->assertContains('test.org', $names);
        $record = $result['records'][array_search('example.com', $names, true)];
        $this->assertIsString($record['values']['home_directory'][0]);
        $this->assertSame($result['data'], $result['records'], 'records are the data items');
        $this->assertStringContainsString('multiline=', self::lastRequest()['body']);
    }

    public function test_repeated_and_bare_flags_reach_the_wire_in_order(): void
    {
        $result = self::client()->call('list-domains', [
            'domain' => ['example.com', 'test.org'],
            'name-only' => true,
            'multiline' => false,
            'user' => null,
        ]);

        $this->assertSame(['example.com', 'test.org'], $result['names']);
        $this->assertSame([], $result['records']);
        $request = self::lastRequest();
        $this->assertSame('POST', $request['method']);
        $this->assertSame(
            'program=list-domains&domain=example.com&domain=test.org&name-only=&json=1',
            $request['body'],
        );
        $this->assertSame('root', $request['auth_user']);
    }

    public function test_an_alias_round_trip_keeps_its_destinations_and_their_order(): void
    {
        $client = self::client();
        $created = $client->call('create-alias', [
            ['domain', 'example.com'], ['to', 'b@example.net'], ['from', 'php-sales'],
            ['to', 'a@example.net'],
        ]);
        $this->assertStringContainsString('php-sales@example.com', $created['output']);
        $this->assertSame(
            'program=create-alias&domain=example.com&to=b%40example.net&from=php-sales'
            . '&to=a%40example.net&json=1',
            self::lastRequest()['body'],
        );

        $aliases = $client->call('list-aliases', ['domain' => 'example.com', 'multiline' => true]);
        $byName = array_column($aliases['records'], 'values', 'name');
        $this->assertSame(
            ['b@example.net', 'a@example.net'],
            $byName['php-sales@example.com']['to'],
        );

        $client->call('delete-alias', ['domain' => 'example.com', 'from' => 'php-sales']);
        $after = $client->call('list-aliases', ['domain' => 'example.com', 'multiline' => true]);
        $this->assertNotContains('php-sales@example.com', array_column($after['records'], 'name'));
    }

    public function test_numbers_become_strings_and_stringables_their_text(): void
    {
        $text = new class () {
            public function __toString(): string
            {
                return 'from-object';
            }
        };
        $preview = self::client()->preview('create-user',
            ['domain' => 'example.com', 'quota' => 100, 'ratio' => 1.5, 'real' => $text]);
        $this->assertSame(
            'program=create-user&domain=example.com&quota=100&ratio=1.5&real=from-object&json=1',
            $preview['body'],
        );
    }

    public function test_values_of_other_types_are_usage_errors_naming_the_flag(): void
    {
        try {
            self::client()->call('list-domains', ['domain' => new \stdClass()]);
            $this->fail('no exception');
        } catch (UsageException $e) {
            self::caught($e);
            $this->assertSame('domain', $e->getFlag());
            $this->assertStringContainsString('stdClass', $e->getMessage());
        }
        $this->thrown(UsageException::class,
            fn () => self::client()->call('list-domains', ['domain' => [['nested']]]));
    }

    public function test_text_format_carries_the_exit_status(): void
    {
        $result = self::client(['format' => 'text'])->call('list-domains', ['name-only' => true]);
        $this->assertSame('text', $result['format']);
        $this->assertSame(0, $result['exit_status']);
        $this->assertContains('example.com', $result['names']);
    }

    public function test_get_sends_everything_in_the_query_and_no_body(): void
    {
        self::client(['method' => 'GET'])->call('list-domains', ['name-only' => true]);
        $request = self::lastRequest();
        $this->assertSame('GET', $request['method']);
        $this->assertSame('program=list-domains&name-only=&json=1', $request['query']);
        $this->assertNull($request['body']);
    }

    public function test_preview_masks_the_password_and_secret_flags(): void
    {
        $client = self::client();
        $preview = $client->preview('create-domain',
            ['domain' => 'a.example', 'pass' => 'Dom-Secret-1']);

        $this->assertSame('POST', $preview['method']);
        $this->assertSame($client->getUrl(), $preview['url']);
        $this->assertSame('program=create-domain&domain=a.example&pass=***&json=1',
            $preview['body']);
        $this->assertStringStartsWith('virtualmin create-domain --domain a.example',
            $preview['command_line']);
        foreach ($preview as $part) {
            $this->assertStringNotContainsString('Dom-Secret-1', (string) $part);
            $this->assertStringNotContainsString(self::$server->password, (string) $part);
        }
    }

    public function test_fingerprint_reads_what_the_server_presents(): void
    {
        $fingerprint = Client::fingerprint(self::$server->url, 10.0);
        $this->assertSame(self::$server->fingerprint, $fingerprint);
    }

    public function test_a_ca_signed_server_is_trusted_through_its_ca_file(): void
    {
        $server = new TestServer(['--cert', 'ca-signed', '--seed']);
        $client = self::newClient($server->url, 'root', $server->password,
            ['ca_file' => $server->caFile]);
        $names = $client->call('list-domains', ['name-only' => true])['names'];
        $this->assertContains('example.com', $names);
    }

    public function test_getters_name_the_api_url_and_user(): void
    {
        $client = self::client();
        $this->assertSame(self::$server->url . '/virtual-server/remote.cgi', $client->getUrl());
        $this->assertSame('root', $client->getUser());
        $this->assertMatchesRegularExpression('/^\d+\.\d+\.\d+$/', Client::libraryVersion());
    }

    /** @dataProvider badOptions */
    public function test_bad_options_are_usage_errors(array $options, string $mentions): void
    {
        try {
            self::newClient(self::$server->url, 'root', self::$server->password, $options);
            $this->fail('no exception');
        } catch (UsageException $e) {
            self::caught($e);
            $this->assertStringContainsString($mentions, $e->getMessage());
            $this->assertSame(100, $e->getCode());
        }
    }

    public static function badOptions(): array
    {
        return [
            'unknown option' => [['verfiy' => false], 'unknown option verfiy'],
            'two TLS modes' => [['fingerprint' => 'AA', 'verify' => false], 'choose one'],
            'bad fingerprint' => [['fingerprint' => 'AA:BB'], 'fingerprint'],
            'missing CA file' => [['ca_file' => '/nonexistent.pem'], '/nonexistent.pem'],
            'zero timeout' => [['timeout' => 0], 'timeout'],
            'negative timeout' => [['connect_timeout' => -1.5], 'connect_timeout'],
            'bad method' => [['method' => 'PUT'], 'PUT'],
            'bad format' => [['format' => 'yaml'], 'yaml'],
            'bad check mode' => [['check_mode' => 'loud'], 'loud'],
            'verify not a bool' => [['verify' => 'no'], 'verify'],
        ];
    }

    public function test_a_url_with_credentials_is_refused_without_echoing_them(): void
    {
        try {
            self::newClient('https://root:Url-Pw-55@127.0.0.1:9', 'root', 'x');
            $this->fail('no exception');
        } catch (UsageException $e) {
            self::caught($e);
            $this->assertStringNotContainsString('Url-Pw-55', $e->getMessage());
        }
    }

    public function test_insecure_mode_accepts_the_self_signed_certificate(): void
    {
        $client = self::newClient(self::$server->url, 'root', self::$server->password,
            ['verify' => false]);
        $result = $client->call('list-domains', ['name-only' => true]);
        $this->assertSame('success', $result['status']);
    }
}
