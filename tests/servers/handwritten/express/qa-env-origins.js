// Origins read from the environment, with a default where the variable is unset
const express = require('express')
const cors = require('cors')
const app = express()
const allowed = (process.env.CORS_ORIGINS || 'https://app.example.com,https://admin.example.com').split(',')
app.use(cors({ origin: allowed, credentials: true }))
app.get('/api/items', (req, res) => res.json({ ok: true }))
app.get('/api/fail', (req, res) => { throw new Error('boom') })
