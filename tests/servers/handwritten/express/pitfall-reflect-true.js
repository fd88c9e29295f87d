// Pitfall: origin: true reflects every origin, with credentials
app.use(cors({ origin: true, credentials: true }));
