# Pitfall: re.match anchors only the start: look-alikes get in
from flask import Flask
from flask_cors import CORS
app = Flask(__name__)
CORS(app, origins=[r"https://.*\.example\.com"], supports_credentials=True)
