# A classic Q&A answer: CORS_HEADERS (not a Flask-CORS option) and @cross_origin() on a route
from flask import Flask
from flask_cors import CORS, cross_origin
app = Flask(__name__)
cors = CORS(app, resources={r"/api/*": {"origins": "*"}})
app.config['CORS_HEADERS'] = 'Content-Type'

@app.route("/api/items", methods=["GET", "POST", "PUT"])
@cross_origin()
def helloWorld():
    return "Hello, cross-origin-world!"

@app.route("/api/fail")
def fail():
    raise RuntimeError("boom")
