<?php
// An elseif chain over origins, and a 403 for the rest
$origin = $_SERVER['HTTP_ORIGIN'] ?? null;
if ($origin === 'https://app.example.com') {
    header('Access-Control-Allow-Origin: https://app.example.com');
} elseif ($origin === 'https://admin.example.com') {
    header('Access-Control-Allow-Origin: https://admin.example.com');
} else {
    http_response_code(403);
}
header('Vary: Origin');
