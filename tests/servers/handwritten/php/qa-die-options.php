<?php
// A Q&A answer: everything allowed, OPTIONS ended with die()
header("Access-Control-Allow-Origin: *");
header("Access-Control-Allow-Headers: *");
header("Access-Control-Allow-Methods: GET, POST, PUT, DELETE, OPTIONS");
if ($_SERVER['REQUEST_METHOD'] == "OPTIONS") {
    die();
}
echo json_encode(['ok' => true]);
