// HTTPS in front of a plain-HTTP listener, as a TLS-terminating load
// balancer would be in production: a self-signed certificate for localhost,
// made at test time with openssl, and a reverse proxy with node's https.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import http from 'node:http';
import https from 'node:https';

// selfSignedCert writes a P-256 certificate for localhost valid for a day
// into dir and returns its key and certificate (PEM).
export function selfSignedCert(dir) {
  const key = join(dir, 'tls.key');
  const cert = join(dir, 'tls.crt');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'],
  { stdio: 'ignore' });
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

// startTLSProxy listens on 127.0.0.1:port with tls ({key, cert}) and passes
// every request, Host header included, to http://127.0.0.1:target.
// close stops it.
export async function startTLSProxy(port, target, tls) {
  const server = https.createServer(tls, (req, res) => {
    const headers = { ...req.headers, 'x-forwarded-proto': 'https' };
    const up = http.request({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers }, (ures) => {
      res.writeHead(ures.statusCode, ures.headers);
      ures.pipe(res);
    });
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  const close = () => new Promise((ok) => {
    server.closeAllConnections();
    server.close(() => ok());
  });
  return { close };
}
