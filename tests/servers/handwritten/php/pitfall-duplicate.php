<?php
// Pitfall: header(..., false) adds a second Access-Control-Allow-Origin
header('Access-Control-Allow-Origin: *');
header('Access-Control-Allow-Origin: https://app.example.com', false);
