// /work/shared/seeds/003: "Node.js with CORS Package" — a whitelist with credentials
const cors = require('cors');
const whitelist = ['https://myapp.com', 'https://example.com'];
app.use(cors({
  origin: whitelist,
  credentials: true
}));
