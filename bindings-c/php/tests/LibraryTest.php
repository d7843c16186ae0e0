<?php
/*
 * Finding the library: the library option, FFI switched off, and the preloaded scope that
 * web servers (ffi.enable=preload) use.
 */

declare(strict_types=1);

namespace VirtualminRemote\Tests;

use VirtualminRemote\Client;
use VirtualminRemote\UsageException;

final class LibraryTest extends VmrTestCase
{
    /** Runs PHP code in a fresh interpreter with these -d settings; returns [status, output]. */
    private static function php(string $code, array $ini = [], array $env = []): array
    {
        $command = [PHP_BINARY];
        foreach ($ini as $name => $value) {
            $command[] = '-d';
            $command[] = "$name=$value";
        }
        $bootstrap = var_export(__DIR__ . '/bootstrap.php', true);
        array_push($command, '-r', "require $bootstrap; $code");
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['redirect', 1]], $pipes, null,
            $env + getenv());
        $output = stream_get_contents($pipes[1]);
        fclose($pipes[1]);
        Collector::text('output of a PHP subprocess', $output);
        return [proc_close($process), $output];
    }

    public function test_a_missing_library_is_a_usage_error_naming_it(): void
    {
        $e = $this->thrown(UsageException::class, fn () => self::newClient('https://127.0.0.1:9',
            'root', 'x', ['library' => '/nonexistent/libvirtualmin_remote.so']));
        $this->assertStringContainsString('/nonexistent/libvirtualmin_remote.so', $e->getMessage());
    }

    public function test_ffi_switched_off_says_how_to_switch_it_on(): void
    {
        [$status, $output] = self::php(
            'try { new VirtualminRemote\Client("https://127.0.0.1:9", "root", "x"); }'
            . ' catch (VirtualminRemote\UsageException $e) { echo $e->getMessage(); exit(3); }',
            ['ffi.enable' => '0'],
        );
        $this->assertSame(3, $status, $output);
        $this->assertStringContainsString('ffi.enable', $output);
    }

    public function test_a_preloaded_scope_is_used_without_any_path(): void
    {
        $library = (string) getenv('VIRTUALMIN_REMOTE_LIB');
        $header = dirname($library, 2) . '/include/virtualmin_remote_preload.h';
        if (!is_file($header)) {
            $this->markTestSkipped("no $header: install.sh writes it");
        }
        [$status, $output] = self::php(
            'echo VirtualminRemote\Client::libraryVersion();',
            ['ffi.enable' => 'preload', 'ffi.preload' => $header],
            // NB: with no path to the library anywhere, only the scope can succeed.
            [
                'VIRTUALMIN_REMOTE_LIB' => '',
                'VIRTUALMIN_REMOTE_HEADER' => '',
                'LD_LIBRARY_PATH' => '',
            ],
        );
        $this->assertSame(0, $status, $output);
        $this->assertSame(Client::libraryVersion(), $output);
    }
}
