// res.set with an object, an arrow origin callback that allows everything, credentials
const corsOptions = { origin: (origin, cb) => cb(null, true), credentials: true };
app.use((req, res, next) => {
  res.set({
    'Access-Control-Expose-Headers': 'X-Total-Count',
    'X-Frame-Options': 'DENY'
  });
  next();
});
app.use(cors(corsOptions));
app.get('/api/items', (req, res) => { res.set('X-Total-Count', '3'); res.json([1, 2, 3]); });
