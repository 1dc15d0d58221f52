// Secure exposure, from the spec to the validated tree: an Istio gateway that authenticates with a JWT, a smoke
// test that carries a token, and an external gateway in prod that is refused until it is safe.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitops, repoRoot } from './helpers.js';

type Finding = { rule: string; severity: string; file: string; line: number; message: string };

function repoWith(cluster: string, edit: (spec: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'exposure-'));
  for (const f of ['clusters', 'overlays', 'schemas', '.gitops.yaml'])
    cpSync(join(repoRoot, f), join(dir, f), { recursive: true });
  const file = join(dir, 'clusters', cluster, 'cluster.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return dir;
}

const JWT =
  '  authentication:\n    jwt:\n      issuer: https://issuer.example.com\n      jwksUri: https://issuer.example.com/.well-known/jwks.json\n';
const withJwt = (spec: string) => spec.replace('      port: 80\nnodePools:', `      port: 80\n${JWT}nodePools:`);

describe('an Istio gateway that authenticates requests', () => {
  it('attaches RequestAuthentication and an AuthorizationPolicy requiring a principal, and the smoke test sends a token', async () => {
    const dir = repoWith('istio-staging', (s) =>
      withJwt(s).replace('secrets:', 'smokeTest:\n  token:\n    name: smoke-test-token\n    key: token\nsecrets:'),
    );
    expect((await gitops(['generate'], dir)).code).toBe(0);
    const gateway = readFileSync(join(dir, 'overlays/clusters/istio-staging/gateway/gateway.yaml'), 'utf8');
    expect(gateway).toContain('kind: RequestAuthentication');
    expect(gateway).toMatch(/kind: AuthorizationPolicy[\s\S]*requestPrincipals:\n\s+- "\*"/);
    const { stdout } = await gitops(['validate', 'istio-staging', '--format', 'json'], dir);
    const findings = (JSON.parse(stdout) as { findings: Finding[] }).findings;
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    // Still plain HTTP on a public load balancer: staging warns about that, not about authentication.
    expect(findings.filter((f) => f.rule === 'gateway-exposure').map((f) => f.message)).toEqual([
      'Gateway inference-gateway is reachable from the internet and listener http serves plain HTTP: requests and answers cross it unencrypted',
    ]);
  });

  it('refuses authentication without a token for the smoke test, at the spec', async () => {
    const dir = repoWith('istio-staging', withJwt);
    const { code, stdout } = await gitops(['validate', 'istio-staging', '--format', 'json'], dir);
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as { findings: Finding[] }).findings.map((f) => `${f.rule} ${f.message}`)).toContain(
      'cluster-spec the gateway authenticates requests, but the smoke test sends no credential: every sync would fail at its PostSync hook',
    );
  });
});

describe('an external gateway in prod', () => {
  it('is refused until it is internal: GKE has no verified authentication for InferencePool backends', async () => {
    const dir = repoWith('gke-native-prod', (s) =>
      s.replace('  className: gke-l7-rilb\n', '  exposure: external\n  className: gke-l7-regional-external-managed\n'),
    );
    const { code, stdout } = await gitops(['validate', 'gke-native-prod', '--format', 'json'], dir);
    expect(code).toBe(1);
    const spec = (JSON.parse(stdout) as { findings: Finding[] }).findings
      .filter((f) => f.rule === 'cluster-spec')
      .map((f) => f.message)
      .sort();
    expect(spec).toEqual([
      'an external GKE gateway in prod has no verified authentication in front of InferencePool backends: anyone on the internet could call the models',
      'an external gateway in prod serves plain HTTP: requests to the models and their answers would cross the internet unencrypted',
    ]);
  });
});
