# Flask-CORS defaults: every origin reflected (never "*"), Vary: Origin
from flask import Flask
from flask_cors import CORS
app = Flask(__name__)
CORS(app)
