// An error handler that answers without CORS headers, after a cors() that ran first
app.use(cors({ origin: ['https://app.example.com', 'https://admin.example.com'] }));
app.get('/api/items', (req, res) => res.json({ ok: true }));
app.get('/api/fail', (req, res) => { throw new Error('boom'); });
app.use((err, req, res, next) => {
  res.removeHeader('Access-Control-Allow-Origin');
  res.status(500).json({ error: 'internal' });
});
