# Origins read from the environment, with a default where the variable is unset
import os
from flask import Flask
from flask_cors import CORS
app = Flask(__name__)
CORS(app, origins=os.environ.get("CORS_ORIGINS", "https://app.example.com,https://admin.example.com").split(","))

@app.route("/api/items", methods=["GET", "PUT"])
def items():
    return {"ok": True}

@app.route("/api/fail")
def fail():
    raise RuntimeError("boom")
