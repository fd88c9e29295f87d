# A view that answers OPTIONS itself
from flask import Flask, request
app = Flask(__name__)

@app.route("/api/items", methods=["GET", "PUT", "OPTIONS"])
def items():
    if request.method == "OPTIONS":
        return "", 204, {"Access-Control-Allow-Origin": "https://app.example.com", "Access-Control-Allow-Methods": "GET, PUT"}
    return {"ok": True}, 200, {"Access-Control-Allow-Origin": "https://app.example.com"}

@app.route("/api/fail")
def fail():
    raise RuntimeError("boom")
