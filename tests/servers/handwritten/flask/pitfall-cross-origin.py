# @cross_origin on one view only: the other views and the 404 get nothing
from flask import Flask
from flask_cors import cross_origin
app = Flask(__name__)

@app.route("/api/items", methods=["GET", "PUT"])
@cross_origin(origins="https://app.example.com", methods=["GET", "PUT"])
def items():
    return {"ok": True}

@app.route("/api/fail")
def fail():
    raise RuntimeError("boom")
