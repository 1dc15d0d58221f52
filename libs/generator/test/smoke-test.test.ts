// The PostSync smoke test's command, run for real with node against a local HTTP server that answers
// 200, 500, or not at all; and the hook Job the generator emits around it.
import { execFile, execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAllClusterSpecs, type ClusterSpec } from '@inference-gitops/cluster-spec';
import { gatewayListenerEnv, planCluster, SMOKE_TEST_IMAGE, SMOKE_TEST_SCRIPT } from '../src/index.js';

const script = join(mkdtempSync(join(tmpdir(), 'smoke-')), 'smoke-test.mjs');
writeFileSync(script, SMOKE_TEST_SCRIPT);
let server: Server | undefined;
afterEach(() => server?.close());

function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  return new Promise((done) =>
    server!.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${(server!.address() as { port: number }).port}`)),
  );
}

function run(
  url: string,
  extra: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    ...extra,
    GATEWAY_URL: url,
    ROUTE_PREFIX: '/ns/qwen',
    MODEL: 'Qwen/Qwen2.5-3B-Instruct',
    ATTEMPTS: '2',
    DELAY_SECONDS: '0',
    TIMEOUT_SECONDS: '1',
  };
  return new Promise((done) =>
    execFile('node', [script], { env, timeout: 20_000 }, (error, stdout, stderr) =>
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

/** A self-signed certificate for inference.example.com (openssl, from Debian's base system). */
function certificate(): { key: string; cert: string; file: string } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'smoke-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=inference.example.com',
        '-addext',
        'subjectAltName=DNS:inference.example.com',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
  } catch {
    return undefined;
  }
  return {
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    file: join(dir, 'cert.pem'),
  };
}

describe('the smoke test command over HTTPS', () => {
  const tls = certificate();
  it.skipIf(!tls)(
    `reaches a gateway whose certificate names a host, by its address, with GATEWAY_HOST${tls ? '' : ' [skipped: no openssl to make a certificate]'}`,
    async () => {
      const hosts: string[] = [];
      const secure = createHttpsServer({ key: tls!.key, cert: tls!.cert }, (req, res) => {
        hosts.push(String(req.headers.host));
        req.resume();
        req.on('end', () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify(
              req.url!.endsWith('/chat/completions')
                ? { choices: [{ message: { content: 'Hi' } }] }
                : { choices: [{ text: ' Paris.' }] },
            ),
          );
        });
      });
      server = secure as unknown as Server;
      const url = await new Promise<string>((done) =>
        secure.listen(0, '127.0.0.1', () => done(`https://127.0.0.1:${(secure.address() as { port: number }).port}`)),
      );
      const trust = { NODE_EXTRA_CA_CERTS: tls!.file };
      const named = await run(url, { ...trust, GATEWAY_HOST: 'inference.example.com' });
      expect(named.code).toBe(0);
      expect(hosts).toEqual(['inference.example.com', 'inference.example.com']);
      // By the address alone, the certificate does not match: the call fails, and says why.
      const bare = await run(url, trust);
      expect(bare.code).toBe(1);
      expect(bare.stderr).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
    },
  );
});

describe('the smoke test command', () => {
  it('passes when both endpoints answer 200 with generated text, through the route prefix', async () => {
    const seen: string[] = [];
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${JSON.parse(body).model}`);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            req.url!.endsWith('/chat/completions')
              ? { choices: [{ message: { content: 'Hello!' } }] }
              : { choices: [{ text: ' Paris.' }] },
          ),
        );
      });
    });
    const { code, stdout } = await run(url);
    expect(code).toBe(0);
    expect(seen).toEqual([
      'POST /ns/qwen/v1/completions Qwen/Qwen2.5-3B-Instruct',
      'POST /ns/qwen/v1/chat/completions Qwen/Qwen2.5-3B-Instruct',
    ]);
    expect(stdout).toContain('[smoke-test] endpoint serves');
  });

  it('fails after its bounded retries when the gateway answers 500', async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      res.writeHead(500);
      res.end('upstream connect error');
    });
    const { code, stderr } = await run(url);
    expect(code).toBe(1);
    expect(calls).toBe(2);
    expect(stderr).toBe(
      `[smoke-test] FAILED: POST ${url}/ns/qwen/v1/completions failed after 2 attempts: HTTP 500: upstream connect error\n`,
    );
  });

  it('fails when the gateway does not answer at all, within its time bounds', async () => {
    const url = await serve(() => {
      // accept the connection, never answer
    });
    const started = Date.now();
    const { code, stderr } = await run(url);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `[smoke-test] FAILED: POST ${url}/ns/qwen/v1/completions failed after 2 attempts: no answer within 1 s\n`,
    );
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('fails when nothing listens', async () => {
    const url = await serve(() => {});
    await new Promise((done) => server!.close(done)); // the port is free again: nothing listens
    server = undefined;
    const { code, stderr } = await run(url);
    expect(code).toBe(1);
    expect(stderr).toContain('failed after 2 attempts: ECONNREFUSED');
  });
});

describe('the smoke test hook', () => {
  const repoRoot = resolve(import.meta.dirname, '../../..');
  it('runs after every sync of every endpoint, pinned, bounded, not piling up, reaching only DNS, the API server and the gateway', async () => {
    for (const c of await loadAllClusterSpecs(repoRoot)) {
      const spec = c.result.spec as ClusterSpec;
      const plan = planCluster(spec, `clusters/${spec.name}/cluster.yaml`);
      for (const endpoint of spec.endpoints) {
        const file = plan.find((f) => f.path === `overlays/endpoints/${spec.name}/${endpoint.name}/smoke-test.yaml`)!;
        const docs = parseAllDocuments(file.content).map((d) => d.toJS() as Record<string, any>);
        const job = docs.find((d) => d.kind === 'Job')!;
        expect(job.metadata.annotations).toEqual({
          'argocd.argoproj.io/hook': 'PostSync',
          'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
        });
        expect(job.spec.backoffLimit).toBe(0);
        expect(job.spec.activeDeadlineSeconds).toBeLessThanOrEqual(3600);
        expect(job.spec.template.spec.containers[0].image).toBe(SMOKE_TEST_IMAGE);
        const policy = docs.find((d) => d.kind === 'NetworkPolicy')!;
        expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
        expect(policy.spec.ingress).toBeUndefined();
        expect(
          policy.spec.egress.flatMap((e: { ports: Array<{ port: number }> }) => e.ports.map((p) => p.port)),
        ).toEqual([53, 53, 443, 80]);
        const kustomization = parseAllDocuments(
          plan.find((f) => f.path === `overlays/endpoints/${spec.name}/${endpoint.name}/kustomization.yaml`)!.content,
        )[0]!.toJS();
        expect(kustomization.resources).toContain('smoke-test.yaml');
      }
      const off = planCluster({ ...spec, smokeTest: { enabled: false } }, `clusters/${spec.name}/cluster.yaml`);
      expect(off.some((f) => f.path.endsWith('smoke-test.yaml'))).toBe(false);
    }
  });
});

describe('how the smoke test reaches the gateway', () => {
  const spec = (listeners: unknown[], tls?: unknown) =>
    ({ gateway: { listeners, ...(tls ? { tls } : {}) } }) as unknown as ClusterSpec;
  it("takes the gateway's HTTPS listener when it has one, with the certificate's first name as host", () => {
    const https = spec(
      [
        { name: 'http', protocol: 'HTTP', port: 80 },
        { name: 'https', protocol: 'HTTPS', port: 8443 },
      ],
      { issuer: 'letsencrypt', secretName: 'gateway-tls', dnsNames: ['inference.example.com'] },
    );
    expect(gatewayListenerEnv(https)).toEqual([
      { name: 'GATEWAY_SCHEME', value: 'https' },
      { name: 'GATEWAY_PORT', value: '8443' },
      { name: 'GATEWAY_HOST', value: 'inference.example.com' },
    ]);
    expect(gatewayListenerEnv(spec([{ name: 'http', protocol: 'HTTP', port: 8080 }]))).toEqual([
      { name: 'GATEWAY_SCHEME', value: 'http' },
      { name: 'GATEWAY_PORT', value: '8080' },
      { name: 'GATEWAY_HOST', value: '' },
    ]);
  });
});
