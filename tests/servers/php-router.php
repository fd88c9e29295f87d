<?php
// php -S router: runs the configuration named by the Host (<config id>.test) as the script for
// every path, except /nope, which has no script (the built-in server's 404); /api/fail throws
// after the configuration's lines, as an application failing after its CORS code would.
$host = explode(':', $_SERVER['HTTP_HOST'] ?? '')[0];
$id = preg_replace('/\.test$/', '', $host);
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$script = getenv('CORSIM_SCRIPTS') . '/' . basename($id) . '.php';
if ($path === '/nope' || !is_file($script)) {
    return false;
}
include $script;
if ($path === '/api/fail') {
    throw new RuntimeException('boom');
}
echo "ok\n";
