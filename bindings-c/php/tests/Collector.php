<?php
/*
 * The record of everything the package said during the whole PHPUnit run, for the secret scan
 * that runs last (SecretScanLast): exceptions with their traces and dumps, dumps of clients,
 * warnings and output. Filled by VmrTestCase and TestServer.
 */

declare(strict_types=1);

namespace VirtualminRemote\Tests;

/**
 * Texts and the secrets that must appear in none of them. Static: one run, one record.
 */
final class Collector
{
    /** The users of the test server: each one's Basic credentials are secret too. */
    private const USERS = ['root', 'vmlimited', 'twofa', 'nomodule'];

    /** @var list<array{0: string, 1: string}> [what, text] */
    private static array $texts = [];
    /** @var array<string, string> secret => how the scan names it (never the secret itself) */
    private static array $secrets = [];
    /** @var array<string, true> the kinds of the exceptions recorded */
    private static array $kinds = [];

    /**
     * A password the run must never show, with the base64 Basic form of "USER:PASSWORD" for every
     * user of the test server.
     */
    public static function addSecret(#[\SensitiveParameter] string $password): void
    {
        $n = count(self::$secrets);
        self::$secrets[$password] = "password #$n";
        foreach (self::USERS as $user) {
            self::$secrets[base64_encode("$user:$password")] = "Basic form of $user:password #$n";
        }
    }

    public static function text(string $what, ?string $text): void
    {
        if ($text !== null && $text !== '') {
            self::$texts[] = [$what, $text];
        }
    }

    /**
     * An exception: message, trace (with its arguments), string form, var_dump and print_r, and
     * every string property of it and of its previous ones, private ones included.
     */
    public static function throwable(\Throwable $e): void
    {
        for ($at = $e; $at !== null; $at = $at->getPrevious()) {
            $class = get_class($at);
            if ($at instanceof \VirtualminRemote\VirtualminException) {
                self::$kinds[$at->getKind()] = true;
            }
            self::text("$class message", $at->getMessage());
            self::text("$class trace", $at->getTraceAsString());
            self::text("$class string", (string) $at);
            self::text("$class var_dump", self::withShallowTrace($at, fn () => self::dump($at)));
            self::text("$class print_r", self::withShallowTrace($at, fn () => print_r($at, true)));
            self::text("$class trace arguments", self::dump(self::shallow($at->getTrace())));
            for ($r = new \ReflectionObject($at); $r !== false; $r = $r->getParentClass()) {
                foreach ($r->getProperties() as $property) {
                    if ($property->isStatic() || $property->getDeclaringClass() != $r) {
                        continue;
                    }
                    $value = $property->getValue($at);
                    if (is_string($value)) {
                        self::text("$class property {$property->getName()}", $value);
                    }
                }
            }
        }
    }

    /** An object as var_dump, print_r, var_export and json_encode show it. */
    public static function object(string $what, object $object): void
    {
        self::text("$what var_dump", self::dump($object));
        self::text("$what print_r", print_r($object, true));
        self::text("$what var_export", var_export($object, true));
        self::text("$what json_encode", (string) json_encode($object));
    }

    /** @return list<array{0: string, 1: string}> */
    public static function texts(): array
    {
        return self::$texts;
    }

    /** @return array<string, string> */
    public static function secrets(): array
    {
        return self::$secrets;
    }

    /** @return list<string> */
    public static function kinds(): array
    {
        return array_keys(self::$kinds);
    }

    private static function dump(mixed $value): string
    {
        ob_start();
        var_dump($value);
        return (string) ob_get_clean();
    }

    /**
     * Runs $dump with the exception's trace made shallow (below), then puts the real one back.
     *
     * NB: the frames of PHPUnit's runner hold the test suite, whose dump is gigabytes.
     */
    private static function withShallowTrace(\Throwable $e, callable $dump): string
    {
        $trace = new \ReflectionProperty($e instanceof \Exception ? \Exception::class
            : \Error::class, 'trace');
        $real = $trace->getValue($e);
        $trace->setValue($e, self::shallow($real));
        try {
            return $dump();
        } finally {
            $trace->setValue($e, $real);
        }
    }

    /**
     * A trace (or a part of it) with PHPUnit's objects as their class names and closures as
     * the variables they hold; the package's objects stay as they are, for their dumps to be read.
     */
    private static function shallow(mixed $value, int $depth = 0): mixed
    {
        if (is_array($value)) {
            return $depth > 8 ? 'array' : array_map(
                fn (mixed $item): mixed => self::shallow($item, $depth + 1), $value);
        }
        if ($value instanceof \Closure) {
            return ['Closure' => self::shallow(
                (new \ReflectionFunction($value))->getStaticVariables(), $depth + 1)];
        }
        if ($value instanceof \PHPUnit\Framework\Test
            || (is_object($value) && str_starts_with(get_class($value), 'PHPUnit\\'))) {
            return get_class($value);
        }
        return $value;
    }
}
