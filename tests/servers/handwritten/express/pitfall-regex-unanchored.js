// Pitfall: an unanchored RegExp lets look-alikes in
app.use(cors({ origin: /app\.example\.com/, credentials: true }));
