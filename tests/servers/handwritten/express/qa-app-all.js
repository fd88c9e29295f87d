// A classic Q&A answer: app.all('*') setting headers with res.header
var express = require('express');
var app = express();
app.all('*', function(req, res, next) {
  res.header("Access-Control-Allow-Origin", "*");
  res.header("Access-Control-Allow-Headers", "X-Requested-With");
  next();
});
app.get('/api/items', function(req, res) {
  res.send('ok');
});
