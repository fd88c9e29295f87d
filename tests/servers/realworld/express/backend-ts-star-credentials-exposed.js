const options = {
    origin: "*",
    credentials: true,
    allowedHeaders: ["Content-Type", "Authorization", "Cookie"],
    methods: ["GET", "POST", "PUT", "DELETE", "PATCH"],
    exposedHeaders: ["Custom-Header1", "Custom-Header2"],
}
app.use(cors(options));
