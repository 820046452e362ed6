#!/usr/bin/env python3
"""A throwaway RFC 3161 timestamp authority on 127.0.0.1 for scripts/check-pdfs.sh:
`openssl ts -reply` with the test key in tests/fixtures/tsa behind a small HTTP
handler. Prints its URL on the first line, then serves until killed."""
import http.server
import os
import pathlib
import subprocess
import sys
import tempfile

FIXTURE = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "tsa"
WORK = pathlib.Path(tempfile.mkdtemp(prefix="koers-tsa-"))
(WORK / "serial").write_text("01\n")
CONFIG = WORK / "tsa.cnf"
CONFIG.write_text(f"""[ tsa ]
default_tsa = tsa1
[ tsa1 ]
serial = {WORK / 'serial'}
signer_cert = {FIXTURE / 'tsa.pem'}
signer_key = {FIXTURE / 'tsa.key'}
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
ess_cert_id_alg = sha256
crypto_device = builtin
other_policies = 1.2.3.4.2
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
""")


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        query = WORK / "q.tsq"
        reply = WORK / "r.tsr"
        query.write_bytes(body)
        done = subprocess.run(["openssl", "ts", "-reply", "-config", str(CONFIG),
                               "-queryfile", str(query), "-out", str(reply)],
                              capture_output=True)
        data = reply.read_bytes() if done.returncode == 0 else b""
        self.send_response(200 if data else 500)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(f"http://127.0.0.1:{server.server_address[1]}/tsa", flush=True)
sys.stdout.close()
os.close(1)
server.serve_forever()
