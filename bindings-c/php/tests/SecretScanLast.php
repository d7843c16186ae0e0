<?php
/*
 * The secret scan of the whole run. phpunit.xml runs it as a suite of its own after every other
 * test, over what they left in the Collector: every exception (message, trace and its arguments,
 * string form, var_dump, print_r, string properties), every client's var_dump, print_r,
 * var_export and json_encode, warnings PHPUnit turned into exceptions, and all output.
 */

declare(strict_types=1);

namespace VirtualminRemote\Tests;

use PHPUnit\Framework\TestCase;

final class SecretScanLast extends TestCase
{
    public function test_no_password_nor_its_basic_form_shows_anywhere_in_the_run(): void
    {
        $texts = Collector::texts();
        $secrets = Collector::secrets();
        // NB: an empty record would pass: the run must have reached every kind of error.
        $this->assertGreaterThan(100, count($texts), 'the run recorded nothing');
        $this->assertGreaterThanOrEqual(2, count($secrets));
        $kinds = Collector::kinds();
        sort($kinds);
        $this->assertSame(['Auth', 'Blocked', 'Connect', 'Http', 'ProgramFailed', 'Protocol',
            'Refused', 'Timeout', 'Tls', 'Usage'], $kinds);

        $found = [];
        foreach ($texts as [$what, $text]) {
            foreach ($secrets as $secret => $name) {
                if (str_contains($text, (string) $secret)) {
                    // Says where, not what: the failure report is output of the run too.
                    $found[] = "$name in $what";
                }
            }
        }
        $this->assertSame([], $found, count($texts) . ' texts scanned');
    }
}
