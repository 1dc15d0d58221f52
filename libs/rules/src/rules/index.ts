import { PLATFORM_RULES } from './platform-pack.js';
import { WORKLOAD_RULES } from './workload-pack.js';

export const RULE_PACK = [...WORKLOAD_RULES, ...PLATFORM_RULES];
