# Pitfall: supports_credentials with the default origins reflects any origin with credentials
from flask import Flask
from flask_cors import CORS
app = Flask(__name__)
CORS(app, supports_credentials=True)
