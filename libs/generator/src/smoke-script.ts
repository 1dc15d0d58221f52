// The PostSync smoke test of an endpoint, as the seeds' test script did by hand: one completion and one
// chat completion through the cluster's gateway, each answered 200 with generated text, or the hook Job
// (and so the Argo CD sync) fails. Plain Node (no dependencies), so it runs in a pinned node image and in
// the unit tests unchanged. Configured by environment:
//   GATEWAY_URL   base URL of the gateway (e.g. http://203.0.113.7); when empty, the Gateway's address
//                 (its status, read through the Kubernetes API: GATEWAY_NAME, GATEWAY_NAMESPACE, service
//                 account) with the listener's GATEWAY_SCHEME (http|https) and GATEWAY_PORT
//   GATEWAY_HOST  the listener's host name: the TLS server name and the Host header (a certificate names
//                 the host, not the address)
//   ROUTE_PREFIX  /<namespace>/<endpoint>          MODEL  the served model name
//   ATTEMPTS (20) DELAY_SECONDS (10) TIMEOUT_SECONDS (60): bounded retries and time per request
export const SMOKE_TEST_SCRIPT = String.raw`import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';

const env = process.env;
const attempts = Number(env.ATTEMPTS ?? 20);
const delayMs = Number(env.DELAY_SECONDS ?? 10) * 1000;
const timeoutMs = Number(env.TIMEOUT_SECONDS ?? 60) * 1000;
const log = (message) => console.log('[smoke-test] ' + message);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function gatewayUrl() {
  if (env.GATEWAY_URL) return env.GATEWAY_URL.replace(/\/$/, '');
  const sa = '/var/run/secrets/kubernetes.io/serviceaccount';
  const token = readFileSync(sa + '/token', 'utf8');
  const ca = readFileSync(sa + '/ca.crt');
  const path = '/apis/gateway.networking.k8s.io/v1/namespaces/' + env.GATEWAY_NAMESPACE + '/gateways/' + env.GATEWAY_NAME;
  const body = await new Promise((resolve, reject) => {
    https.get({ host: env.KUBERNETES_SERVICE_HOST, port: env.KUBERNETES_SERVICE_PORT, path, ca, headers: { authorization: 'Bearer ' + token } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error('reading Gateway ' + env.GATEWAY_NAME + ': HTTP ' + res.statusCode))));
    }).on('error', reject);
  });
  const address = JSON.parse(body).status?.addresses?.[0]?.value;
  if (!address) throw new Error('Gateway ' + env.GATEWAY_NAMESPACE + '/' + env.GATEWAY_NAME + ' has no address yet');
  const scheme = env.GATEWAY_SCHEME === 'https' ? 'https' : 'http';
  const port = env.GATEWAY_PORT && env.GATEWAY_PORT !== (scheme === 'https' ? '443' : '80') ? ':' + env.GATEWAY_PORT : '';
  return scheme + '://' + (address.includes(':') ? '[' + address + ']' : address) + port;
}

// One POST; with GATEWAY_HOST, to the address with that host as TLS server name and Host header.
function post(url, body) {
  const target = new URL(url);
  const lib = target.protocol === 'https:' ? https : http;
  const host = env.GATEWAY_HOST;
  const headers = { 'content-type': 'application/json', ...(host ? { host } : {}), ...(env.GATEWAY_TOKEN ? { authorization: 'Bearer ' + env.GATEWAY_TOKEN } : {}) };
  return new Promise((resolve, reject) => {
    const req = lib.request(target, { method: 'POST', headers, ...(host ? { servername: host } : {}), signal: AbortSignal.timeout(timeoutMs) }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function call(base, path, payload, pick) {
  const url = base + env.ROUTE_PREFIX + path;
  let last = 'no attempt';
  for (let i = 1; i <= attempts; i++) {
    try {
      const res = await post(url, JSON.stringify(payload));
      const text = res.text;
      if (res.status === 200) {
        const answer = pick(JSON.parse(text));
        if (typeof answer === 'string' && answer.length > 0) {
          log('POST ' + path + ': 200, ' + JSON.stringify(answer.slice(0, 60)));
          return;
        }
        last = '200 without generated text: ' + text.slice(0, 200);
      } else last = 'HTTP ' + res.status + ': ' + text.slice(0, 200);
    } catch (error) {
      const timedOut = error.name === 'TimeoutError' || error.cause?.name === 'TimeoutError' || error.name === 'AbortError';
      last = timedOut ? 'no answer within ' + timeoutMs / 1000 + ' s' : String(error.code ?? error.errors?.[0]?.code ?? error.cause?.code ?? error.message);
    }
    log('POST ' + path + ' attempt ' + i + '/' + attempts + ': ' + last);
    if (i < attempts) await sleep(delayMs);
  }
  throw new Error('POST ' + url + ' failed after ' + attempts + ' attempts: ' + last);
}

try {
  const base = await gatewayUrl();
  await call(base, '/v1/completions', { model: env.MODEL, prompt: 'The capital of France is', max_tokens: 8 }, (r) => r.choices?.[0]?.text);
  await call(base, '/v1/chat/completions', { model: env.MODEL, messages: [{ role: 'user', content: 'Say hello.' }], max_tokens: 8 }, (r) => r.choices?.[0]?.message?.content);
  log('endpoint serves');
} catch (error) {
  console.error('[smoke-test] FAILED: ' + error.message);
  process.exit(1);
}
`;
