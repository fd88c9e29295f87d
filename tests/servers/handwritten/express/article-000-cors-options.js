// /work/shared/seeds/000: "Express (Node.js)" — cors with a specific origin, and app.options('*')
const express = require('express');
const cors = require('cors');
const app = express();
// Allow a specific origin
const corsOptions = {
origin: 'https://app.example.com',
methods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
allowedHeaders: ['Authorization', 'Content-Type'],
credentials: true,
maxAge: 86400
};
app.use(cors(corsOptions));
// Handle preflight for all routes
app.options('*', cors(corsOptions));
app.listen(3000);
