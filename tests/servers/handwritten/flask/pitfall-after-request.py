# Hand-written after_request hook: every response, errors included
from flask import Flask, request
app = Flask(__name__)
ALLOWED = ["https://app.example.com", "https://admin.example.com"]

@app.after_request
def add_cors(response):
    origin = request.headers.get("Origin")
    if origin in ALLOWED:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, PUT, DELETE"
        response.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
    return response
