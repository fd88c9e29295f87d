const corsLib = require('cors')

const corsOptions = {
  origin: '*',
  exposedHeaders: ['token'],
}

const cors = corsLib(corsOptions)
app.use(cors)
