import type { Rule } from '../types.js';

/** Gateway, GKE, Istio, NetworkPolicy, Argo CD, secrets and image rules. */
export const PLATFORM_RULES: Rule[] = [];
