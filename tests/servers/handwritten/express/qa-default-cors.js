// cors() with no options: every origin gets *, the preflight reflects the requested headers
const express = require('express')
const cors = require('cors')
const app = express()
app.use(cors())
app.get('/api/items', (req, res) => res.json({ msg: 'This is CORS-enabled for all origins!' }))
app.listen(80, function () {
  console.log('CORS-enabled web server listening on port 80')
})
