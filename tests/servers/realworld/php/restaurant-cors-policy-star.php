<?php
// Allow from any origin
header('Access-Control-Allow-Origin: *');
// Allow methods GET, POST, PUT, DELETE, OPTIONS
header('Access-Control-Allow-Methods: GET, POST, PUT, DELETE, OPTIONS');
// Allow headers Content-Type, Authorization, X-Requested-With
header('Access-Control-Allow-Headers: Content-Type, Authorization, X-Requested-With');
