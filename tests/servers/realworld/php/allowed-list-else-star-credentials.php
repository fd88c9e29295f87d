<?php
ini_set('display_errors', 1);
ini_set('display_startup_errors', 1);
error_reporting(E_ALL);

// List of allowed origins
$allowed_origins = ["http://localhost:5173", "http://localhost:5174"];

// Get the origin of the incoming request
$origin = isset($_SERVER['HTTP_ORIGIN']) ? $_SERVER['HTTP_ORIGIN'] : '';

// Check if the origin is in the allowed list
if (in_array($origin, $allowed_origins)) {
    header("Access-Control-Allow-Origin: $origin");
} else {
    // If the origin is not allowed, don't set the CORS header
    header("Access-Control-Allow-Origin: *");  // Or just leave it blank if you don't want to allow any origins
}

header("Access-Control-Allow-Credentials: true");
