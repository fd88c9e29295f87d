// /work/shared/seeds/003: "Allow All Origins (Development Only)" — the one line, in a middleware
app.use((req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', '*');
  next();
});
