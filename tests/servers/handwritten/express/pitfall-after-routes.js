// Pitfall: the CORS middleware is registered after the routes, so the routes answer without it
app.get('/api/items', (req, res) => res.json({ ok: true }));
app.get('/api/fail', (req, res) => { throw new Error('boom'); });
app.use(cors({ origin: 'https://app.example.com' }));
