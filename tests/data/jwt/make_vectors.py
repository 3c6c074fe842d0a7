#!/usr/bin/env python3
"""Writes vectors.json: HS256 tokens made with Python's standard library only, so the C++
verifier is checked against an implementation it shares no code with.

Every vector is verified at the fixed time NOW with the given leeway; "reason" is empty
for tokens that must be accepted. Usage: make_vectors.py [OUTPUT] (default: beside this file).
"""
import base64
import hashlib
import hmac
import json
import os
import sys

NOW = 1_700_000_000
SECRET = "correct horse battery staple"
OTHER_SECRET = "not the secret"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def part(obj) -> str:
    if isinstance(obj, bytes):
        return b64url(obj)
    return b64url(json.dumps(obj, separators=(",", ":"), sort_keys=True).encode("utf-8"))


def sign(signing_input: str, secret: str) -> str:
    mac = hmac.new(secret.encode("utf-8"), signing_input.encode("ascii"), hashlib.sha256)
    return b64url(mac.digest())


def token(header, payload, secret=SECRET) -> str:
    signing_input = part(header) + "." + part(payload)
    return signing_input + "." + sign(signing_input, secret)


HS = {"alg": "HS256", "typ": "JWT"}
CLAIMS = {"sub": "dashboard", "iat": NOW - 60, "exp": NOW + 3600}


def vectors():
    valid = token(HS, CLAIMS)
    head, payload, sig = valid.split(".")
    v = []

    def add(name, tok, reason="", secret=SECRET, leeway=30):
        v.append({"name": name, "token": tok, "secret": secret, "now": NOW, "leeway": leeway, "reason": reason})

    add("valid", valid)
    add("valid without typ", token({"alg": "HS256"}, CLAIMS))
    add("valid without exp", token(HS, {"sub": "script"}))
    add("valid fractional exp", token(HS, {"exp": NOW + 0.5}))
    add("valid unicode claim", token(HS, {"sub": "d\u00e9j\u00e0 vu \u2603", "exp": NOW + 10}))
    add("valid long secret", token(HS, CLAIMS, "s" * 200), secret="s" * 200)
    add("expired", token(HS, {"exp": NOW - 3600}), "expired")
    add("expired just past leeway", token(HS, {"exp": NOW - 30}), "expired")
    add("expired within leeway", token(HS, {"exp": NOW - 29}))
    add("expired with no leeway", token(HS, {"exp": NOW}), "expired", leeway=0)
    add("leeway above cap is capped", token(HS, {"exp": NOW - 31}), "expired", leeway=3600)
    add("nbf in future", token(HS, {"nbf": NOW + 3600, "exp": NOW + 7200}), "not_yet_valid")
    add("nbf just past leeway", token(HS, {"nbf": NOW + 31}), "not_yet_valid")
    add("nbf within leeway", token(HS, {"nbf": NOW + 30}))
    add("nbf in past", token(HS, {"nbf": NOW - 10, "exp": NOW + 10}))
    add("exp as string", token(HS, {"exp": str(NOW + 3600)}), "bad_claim")
    add("nbf as null", token(HS, {"nbf": None}), "bad_claim")
    add("alg none", part({"alg": "none", "typ": "JWT"}) + "." + payload + ".", "malformed")
    add("alg none with signature", part({"alg": "none"}) + "." + payload + "." + sig, "alg_not_allowed")
    add("alg None spelled", token({"alg": "None"}, CLAIMS), "alg_not_allowed")
    add("alg RS256", token({"alg": "RS256", "typ": "JWT"}, CLAIMS), "alg_not_allowed")
    add("alg HS512", token({"alg": "HS512", "typ": "JWT"}, CLAIMS), "alg_not_allowed")
    add("alg lower case", token({"alg": "hs256"}, CLAIMS), "alg_not_allowed")
    add("alg missing", token({"typ": "JWT"}, CLAIMS), "alg_not_allowed")
    add("alg not a string", token({"alg": 256}, CLAIMS), "alg_not_allowed")
    add("typ not JWT", token({"alg": "HS256", "typ": "JWE"}, CLAIMS), "bad_header")
    add("crit header", token({"alg": "HS256", "crit": ["exp"]}, CLAIMS), "bad_header")
    add("header not an object", token([1, 2], CLAIMS), "bad_header")
    add("header bad json", token(b'{"alg":"HS256"', CLAIMS), "bad_header")
    add("wrong secret", token(HS, CLAIMS, OTHER_SECRET), "bad_signature")
    add("tampered payload", head + "." + part(dict(CLAIMS, sub="admin")) + "." + sig, "bad_signature")
    add("signature of other token", head + "." + payload + "." + token(HS, {"x": 1}).split(".")[2], "bad_signature")
    add("truncated signature", head + "." + payload + "." + sig[:-3], "bad_signature")
    add("payload not an object", token(HS, b"[1,2,3]"), "bad_payload")
    add("payload bad json", token(HS, b'{"exp":'), "bad_payload")
    add("payload empty object is fine", token(HS, {}))
    add("two parts", head + "." + payload, "malformed")
    add("four parts", valid + "." + sig, "malformed")
    add("empty signature", head + "." + payload + ".", "malformed")
    add("empty header", "." + payload + "." + sig, "malformed")
    add("empty token", "", "malformed")
    add("dots only", "..", "malformed")
    add("padding", head + "." + payload + "." + base64.urlsafe_b64encode(
        hmac.new(SECRET.encode(), (head + "." + payload).encode(), hashlib.sha256).digest()).decode(), "malformed")
    add("standard base64 alphabet", head + "." + payload + "." + sig.replace("-", "+").replace("_", "/") + "+/", "malformed")
    add("invalid character", head + "." + payload + "." + sig[:-1] + "!", "malformed")
    add("whitespace", head + " ." + payload + "." + sig, "malformed")
    # 32 bytes leave two unused low bits in the last character: setting one keeps the bytes.
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    loose = sig[:-1] + alphabet[alphabet.index(sig[-1]) ^ 1]
    add("non-canonical last char", head + "." + payload + "." + loose, "malformed")
    add("impossible length", head + "." + payload + "." + sig + "AA", "malformed")
    add("signature with an extra byte", head + "." + payload + "." + sig + "A", "bad_signature")
    add("no secret configured", valid, "no_secret", secret="")
    add("too large", token(HS, {"pad": "x" * 4000}), "too_large")
    return v


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "vectors.json")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        json.dump({"now": NOW, "vectors": vectors()}, f, indent=1, sort_keys=True, ensure_ascii=True)
        f.write("\n")


if __name__ == "__main__":
    main()
