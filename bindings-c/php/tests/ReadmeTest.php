<?php
/*
 * The example of README.md runs as written against the test server.
 */

declare(strict_types=1);

namespace VirtualminRemote\Tests;


final class ReadmeTest extends VmrTestCase
{
    /** The README's first block that is a whole PHP file. */
    private static function example(): string
    {
        $readme = (string) file_get_contents(dirname(__DIR__) . '/README.md');
        preg_match_all('/```php\n(<\?php\n.*?)```/s', $readme, $blocks);
        return $blocks[1][0] ?? '';
    }

    public function test_the_readme_example_lists_domains_and_creates_an_alias(): void
    {
        $code = self::example();
        $autoload = "require __DIR__ . '/vendor/autoload.php';";
        $this->assertStringContainsString($autoload, $code);
        // The one line that differs here: the tests' autoloader instead of Composer's.
        $code = str_replace($autoload, 'require ' . var_export(__DIR__ . '/bootstrap.php', true)
            . ';', $code);
        $script = tempnam(sys_get_temp_dir(), 'vmr-readme');
        file_put_contents($script, $code);

        $server = new TestServer(['--seed']);
        $env = [
            'VIRTUALMIN_URL' => $server->url,
            'VIRTUALMIN_PASSWORD' => $server->password,
            'VIRTUALMIN_FINGERPRINT' => $server->fingerprint,
        ] + getenv();
        try {
            $run = function () use ($script, $env): string {
                $process = proc_open([PHP_BINARY, $script], [1 => ['pipe', 'w'],
                    2 => ['redirect', 1]], $pipes, null, $env);
                $output = (string) stream_get_contents($pipes[1]);
                fclose($pipes[1]);
                Collector::text('output of the README example', $output);
                $this->assertSame(0, proc_close($process), $output);
                return $output;
            };
            $first = $run();
            $this->assertMatchesRegularExpression('/^example\.com \/\S+$/m', $first);
            $this->assertStringContainsString('orders@example.com', $first);
            // Run again, the alias exists: the program's failure is a ProgramException.
            $this->assertStringContainsString('create-alias failed: An alias', $run());
        } finally {
            unlink($script);
        }
    }
}
