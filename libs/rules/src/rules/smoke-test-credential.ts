import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { containers, envValue, finding, pods, requiresPrincipal } from './shared/util.js';

export const rule: Rule = {
  id: 'smoke-test-credential',
  severity: 'error',
  summary:
    'The PostSync smoke test carries a credential (GATEWAY_TOKEN) when its gateway lets only authenticated requests in.',
  docs: {
    why:
      'An AuthorizationPolicy that requires a request principal answers 403 to a request without a valid token: ' +
      'a smoke test that sends none fails at its PostSync hook on every sync, although the model serves.',
    fix:
      "Give the Job GATEWAY_TOKEN from a Secret holding a token the gateway's issuer signed (the spec's " +
      'smokeTest.token); the script sends it as Authorization: Bearer.',
    source:
      'the generated smoke test (libs/generator/src/smoke-script.ts); [doc] istio.io AuthorizationPolicy ' +
      '(requestPrincipals), RequestAuthentication; issue #23.',
  },
  kinds: ['Job', 'AuthorizationPolicy'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const pod of pods(ctx)) {
      for (const c of containers(pod)) {
        const name = envValue(c, 'GATEWAY_NAME')?.value;
        if (!name || envValue(c, 'GATEWAY_TOKEN')) continue;
        const namespace = envValue(c, 'GATEWAY_NAMESPACE')?.value ?? pod.owner.namespace ?? 'default';
        const gateway = ctx.find('Gateway', namespace, name);
        if (!gateway || !requiresPrincipal(ctx, gateway)) continue;
        out.push(
          finding(
            pod.owner,
            `${c.path}/env`,
            `the smoke test calls Gateway ${namespace}/${name}, which lets only requests with a token in, but sends no GATEWAY_TOKEN: every sync would fail at the PostSync hook`,
            'Add GATEWAY_TOKEN from a Secret with a token the issuer signed (smokeTest.token in the spec).',
          ),
        );
      }
    }
    return out;
  },
};
