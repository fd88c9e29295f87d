# Statements ended with ";" (a habit from JavaScript or PHP), and two on one line
from flask import Flask;
from flask_cors import CORS;
app = Flask(__name__);
CORS(app, origins=["https://app.example.com"], supports_credentials=True, methods=["GET", "PUT"]);

@app.route("/api/items", methods=["GET", "PUT"])
def items():
    status = 200; return {"ok": True}, status;

@app.route("/api/fail")
def fail():
    raise RuntimeError("boom");
