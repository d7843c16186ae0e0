<?php
/*
 * The base of every test class here: it hands what the tests see to the Collector, so that the
 * secret scan that runs last covers the whole run.
 */

declare(strict_types=1);

namespace VirtualminRemote\Tests;

use PHPUnit\Framework\TestCase;
use VirtualminRemote\Client;

/**
 * Records every exception a test lets escape (PHPUnit's own for warnings and notices among
 * them) and the test's output; tests hand it the exceptions they catch through caught() and
 * thrown(), and make their clients through newClient(), which records the client's dumps.
 */
abstract class VmrTestCase extends TestCase
{
    /** Passwords shorter than this are not looked for: "x" is in too many honest texts. */
    private const SHORTEST_SECRET = 8;

    protected function runTest(): mixed
    {
        try {
            return parent::runTest();
        } catch (\Throwable $e) {
            Collector::throwable($e);
            throw $e;
        } finally {
            Collector::text(static::class . ' output', $this->getActualOutput());
        }
    }

    /**
     * Not here: PHPUnit keeps an expected exception to itself, out of the scan's sight. Use
     * thrown().
     */
    public function expectException(string $exception): void
    {
        throw new \LogicException('use $this->thrown() so that the secret scan sees the exception');
    }

    /** Records an exception a test caught and returns it. */
    protected static function caught(\Throwable $e): \Throwable
    {
        Collector::throwable($e);
        return $e;
    }

    /**
     * Runs $run, which must throw a $class; records and returns what it threw.
     *
     * @template T of \Throwable
     * @param class-string<T> $class
     * @return T
     */
    protected function thrown(string $class, callable $run): \Throwable
    {
        try {
            $run();
        } catch (\Throwable $e) {
            self::caught($e);
            $this->assertInstanceOf($class, $e, $e->getMessage());
            return $e;
        }
        $this->fail("no $class was thrown");
    }

    /**
     * new Client(...), with its dumps recorded, and the exception recorded if it throws. The
     * password is a secret of the scan from now on.
     */
    protected static function newClient(
        string $url,
        string $user,
        #[\SensitiveParameter] string $password,
        array $options = [],
    ): Client {
        if (strlen($password) >= self::SHORTEST_SECRET) {
            Collector::addSecret($password);
        }
        try {
            $client = new Client($url, $user, $password, $options);
        } catch (\Throwable $e) {
            throw self::caught($e);
        }
        Collector::object('Client', $client);
        return $client;
    }
}
