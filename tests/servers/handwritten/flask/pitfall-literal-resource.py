# Pitfall: a resource without a pattern character must equal the path exactly
from flask import Flask
from flask_cors import CORS
app = Flask(__name__)
CORS(app, resources={"/api": {"origins": "https://app.example.com"}})
