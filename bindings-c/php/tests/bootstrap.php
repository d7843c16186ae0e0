<?php
/*
 * PHPUnit bootstrap: the PSR-4 autoloading composer.json declares (Packagist is not needed to
 * test), and the library under test, which test.sh names in VIRTUALMIN_REMOTE_LIB.
 */

declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    $roots = [
        'VirtualminRemote\\Tests\\' => __DIR__ . '/',
        'VirtualminRemote\\' => dirname(__DIR__) . '/src/',
    ];
    foreach ($roots as $prefix => $dir) {
        if (str_starts_with($class, $prefix)) {
            $file = $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
            if (is_file($file)) {
                require $file;
            }
            return;
        }
    }
});

if (getenv('VMR_TESTSERVER') === false) {
    fwrite(STDERR, "VMR_TESTSERVER must name the test server binary; bindings-c/test.sh sets it\n");
    exit(2);
}
