import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { containers, finding, pods } from './shared/util.js';

export function imageTag(image: string): string | undefined {
  if (image.includes('@sha256:')) return image.slice(image.indexOf('@') + 1);
  const last = image.split('/').pop() ?? image;
  return last.includes(':') ? last.slice(last.indexOf(':') + 1) : undefined;
}

export const rule: Rule = {
  id: 'image-pinned',
  severity: { prod: 'error', default: 'warning' },
  summary: 'Images carry a tag other than latest, or a digest.',
  docs: {
    why:
      'An unpinned image changes under a running deployment; the seed had to move the scheduler from ' +
      ":latest to :v0.4 because a newer image no longer understood the controller's flags.",
    fix: 'Use a version tag or a @sha256 digest.',
    source: 'seed ISSUES Helm fixes (a) and (b).',
  },
  kinds: ['Deployment', 'StatefulSet', 'LLMInferenceService', 'LeaderWorkerSet', 'Pod'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const view of pods(ctx))
      for (const c of containers(view)) {
        const image = c.container.image;
        if (typeof image !== 'string') continue;
        const tag = imageTag(image);
        if (tag === undefined || tag === 'latest' || /-latest$/.test(tag))
          out.push(
            finding(
              view.owner,
              `${c.path}/image`,
              `image ${image} is not pinned (${tag === undefined ? 'no tag' : `tag ${tag}`})`,
              'Pin a version tag or a digest.',
            ),
          );
      }
    return out;
  },
};
