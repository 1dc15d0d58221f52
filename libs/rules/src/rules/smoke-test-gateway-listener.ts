import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { containers, envValue, finding, gateways, pods, type ContainerView } from './shared/util.js';

const DEFAULT_PORT: Record<string, number> = { http: 80, https: 443 };

export const rule: Rule = {
  id: 'smoke-test-gateway-listener',
  severity: 'error',
  summary:
    "The PostSync smoke test reaches the gateway with a listener's real scheme and port, and with its host name over HTTPS.",
  docs: {
    why:
      "The smoke test reads the gateway's address from its status and calls it with GATEWAY_SCHEME and " +
      'GATEWAY_PORT (http and 80 when unset). A gateway that serves HTTPS, or HTTP on another port, answers ' +
      'nothing there: every sync then fails at the PostSync hook, although the endpoint serves. Over HTTPS ' +
      'the certificate names a host, not the address, so without GATEWAY_HOST (the TLS server name and Host ' +
      'header) the call fails verification.',
    fix:
      "Set GATEWAY_SCHEME and GATEWAY_PORT to one of the gateway's listeners (the generator takes its HTTPS " +
      'listener when there is one) and, for HTTPS, GATEWAY_HOST to a DNS name of its certificate; or set ' +
      'GATEWAY_URL to a URL the Job can reach.',
    source: 'the generated smoke test (libs/generator/src/smoke-script.ts); Gateway API listeners; issue #21 item 6.',
  },
  kinds: ['Job', 'Gateway'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const pod of pods(ctx)) {
      for (const c of containers(pod)) {
        const name = envValue(c, 'GATEWAY_NAME')?.value;
        if (!name || envValue(c, 'GATEWAY_URL')?.value) continue;
        const namespace = envValue(c, 'GATEWAY_NAMESPACE')?.value ?? pod.owner.namespace ?? 'default';
        const gateway = gateways(ctx).find((g) => g.name === name && g.namespace === namespace);
        if (!gateway) continue; // httproute-parent-resolves and the cluster's own checks speak of a missing gateway
        const problem = listenerProblem(c, gateway.listeners);
        if (problem) out.push(finding(pod.owner, problem.path, problem.message, problem.hint));
      }
    }
    return out;
  },
};

function listenerProblem(
  c: ContainerView,
  listeners: Array<Record<string, unknown>>,
): { path: string; message: string; hint: string } | undefined {
  const scheme = envValue(c, 'GATEWAY_SCHEME')?.value || 'http';
  const portText = envValue(c, 'GATEWAY_PORT')?.value;
  const port = portText ? Number(portText) : DEFAULT_PORT[scheme];
  const envPath = (name: string) => {
    const at = envValue(c, name);
    return at ? `${c.path}/env/${at.index}/value` : `${c.path}/env`;
  };
  const offered = listeners.map((l) => `${String(l.protocol ?? '')} ${String(l.port ?? '')}`).join(', ');
  const matches = listeners.some((l) => String(l.protocol).toLowerCase() === scheme && Number(l.port) === port);
  if (!matches)
    return {
      path: envPath(portText ? 'GATEWAY_PORT' : 'GATEWAY_SCHEME'),
      message: `the smoke test calls the gateway over ${scheme} on port ${port}, where it has no listener (listeners: ${offered || 'none'}): every sync would fail at the PostSync hook`,
      hint: "Set GATEWAY_SCHEME and GATEWAY_PORT to one of the gateway's listeners.",
    };
  if (scheme === 'https' && !envValue(c, 'GATEWAY_HOST')?.value)
    return {
      path: envPath('GATEWAY_HOST'),
      message:
        'the smoke test calls the gateway over https by its address without GATEWAY_HOST: the certificate names a host, so TLS verification fails',
      hint: "Set GATEWAY_HOST to a DNS name of the gateway's certificate.",
    };
  return undefined;
}
