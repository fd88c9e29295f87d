# /work/shared/seeds/003: "Python/Flask"
from flask_cors import CORS
CORS(app, resources={r"/api/*": {"origins": ["https://myapp.com"]}})
