<?php
// Origins read from the environment, with a default where the variable is unset
$allowed = explode(',', getenv('CORS_ORIGINS') ?: 'https://app.example.com,https://admin.example.com');
$origin = $_SERVER['HTTP_ORIGIN'] ?? '';
if (in_array($origin, $allowed, true)) {
    header("Access-Control-Allow-Origin: $origin");
    header('Vary: Origin');
}
if ($_SERVER['REQUEST_METHOD'] === 'OPTIONS') {
    header('Access-Control-Allow-Methods: GET, PUT');
    header('Access-Control-Allow-Headers: Content-Type, Authorization');
    http_response_code(204);
    exit;
}
echo json_encode(['ok' => true]);
