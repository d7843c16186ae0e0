<?php
/*
 * The wire encodings of tests/contract/encodings.json, through Client::preview() (nothing is
 * sent): valid calls give exactly their body, invalid ones a UsageException naming the flag.
 */

declare(strict_types=1);

namespace VirtualminRemote\Tests;

use VirtualminRemote\Client;
use VirtualminRemote\UsageException;

final class EncodingsTest extends VmrTestCase
{
    private static function table(): array
    {
        $path = dirname(__DIR__, 3) . '/tests/contract/encodings.json';
        return json_decode((string) file_get_contents($path), true, 512, JSON_THROW_ON_ERROR);
    }

    /** A client of a server that is never contacted, sending calls exactly as given. */
    private static function client(string $format = 'json'): Client
    {
        return self::newClient('https://127.0.0.1:9', 'root', 'Offline-pw-1',
            ['verify' => false, 'auto_multiline' => false, 'format' => $format]);
    }

    /** Bare flags are `true` here; every pair keeps its place. */
    private static function flags(array $args): array
    {
        return array_map(fn (array $pair) => [$pair[0], $pair[1] === '' ? true : $pair[1]], $args);
    }

    public static function valid(): array
    {
        $cases = [];
        foreach (self::table()['valid'] as $i => $case) {
            $cases["$i {$case['program']} {$case['format']}"] = [$case];
        }
        return $cases;
    }

    public static function invalid(): array
    {
        $cases = [];
        foreach (self::table()['invalid'] as $i => $case) {
            $cases["$i {$case['flag']}"] = [$case];
        }
        return $cases;
    }

    /** @dataProvider valid */
    public function test_a_valid_call_previews_as_its_body(array $case): void
    {
        $preview = self::client($case['format'])
            ->preview($case['program'], self::flags($case['args']));
        $this->assertSame($case['body'], $preview['body']);
    }

    /** @dataProvider invalid */
    public function test_an_invalid_call_is_refused_naming_the_flag(array $case): void
    {
        foreach (['preview', 'call'] as $method) {
            try {
                self::client()->{$method}($case['program'], self::flags($case['args']));
                $this->fail("$method accepted it");
            } catch (UsageException $e) {
                self::caught($e);
                $this->assertSame($case['flag'], $e->getFlag(), $e->getMessage());
            }
        }
    }
}
