<?php
// Pitfall: preg_match without anchors
$origin = isset($_SERVER['HTTP_ORIGIN']) ? $_SERVER['HTTP_ORIGIN'] : '';
if (preg_match('/app\.example\.com/', $origin)) {
    header("Access-Control-Allow-Origin: {$origin}");
}
if ($_SERVER['REQUEST_METHOD'] === 'OPTIONS') {
    header('HTTP/1.1 200 OK');
    exit();
}
