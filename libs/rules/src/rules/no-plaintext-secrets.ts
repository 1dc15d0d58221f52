import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { containers, finding, list, obj, pods } from './shared/util.js';

const TOKEN =
  /^(hf_[A-Za-z0-9]{20,}|ghp_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|AKIA[0-9A-Z]{16}|xox[bp]-[A-Za-z0-9-]{10,}|glpat-[A-Za-z0-9_-]{20,}|sk-[A-Za-z0-9]{20,}|AIza[0-9A-Za-z_-]{35})$/;

export const rule: Rule = {
  id: 'no-plaintext-secrets',
  severity: 'error',
  summary: 'No Secret with data in the tree, no token-like literal values in env.',
  docs: {
    why:
      'Everything in a GitOps repository is readable by everyone who can read the repository and by Argo ' +
      'CD; a Hugging Face token or pull secret committed here is leaked.',
    fix: 'Reference secrets (secretKeyRef) and provide them with External Secrets or create them out of band; never commit values.',
    source: 'infra-repo.md (secrets from podman auth at deploy time); seed huggingface-token-secret.yaml.template.',
  },
  kinds: ['Secret', 'Deployment', 'LLMInferenceService'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const s of ctx.byKind('Secret', '')) {
      for (const field of ['data', 'stringData']) {
        const d = obj(s.object[field]);
        if (d && Object.keys(d).length > 0)
          out.push(
            finding(
              s,
              `/${field}`,
              `Secret ${s.name} carries ${field} in the repository (values not shown)`,
              'Provide it with an ExternalSecret or create it out of band; commit only the reference.',
            ),
          );
      }
    }
    for (const view of pods(ctx))
      for (const c of containers(view))
        list(c.container.env).forEach((e, i) => {
          if (typeof e.value === 'string' && TOKEN.test(e.value.trim()))
            out.push(
              finding(
                view.owner,
                `${c.path}/env/${i}/value`,
                `env ${String(e.name)} of container "${c.name}" holds a literal token (value not shown)`,
                'Use valueFrom.secretKeyRef instead.',
              ),
            );
        });
    return out;
  },
};
